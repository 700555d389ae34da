/**
 * The architecture symbols of arch/x86/Kconfig as Linux 6.1 and 6.12 have
 * them, for stand-in Kconfig trees: 64BIT asked only on ARCH=x86, else set
 * by ARCH (x86_64 or i386), and X86_32, X86_64, X86 following it. It ends
 * inside `config X86`, so a tree may add attributes to it.
 */
export const X86_ARCH_KCONFIG = `config 64BIT
	bool "64-bit kernel" if "$(ARCH)" = "x86"
	default "$(ARCH)" != "i386"

config X86_32
	def_bool y
	depends on !64BIT

config X86_64
	def_bool y
	depends on 64BIT

config X86
	def_bool y
`;
