#!/usr/bin/env bash
# bench/kconfig-allnoconfig.sh: abi-check's allnoconfig (how it reads an
# unconfigured tree's in-kernel code) against scripts/kconfig, on Linux 6.1
# and 6.12 (Debian's linux-source, as bench/kernel-source-history.sh fetches
# them), every ABI's architecture: see bench/kconfig-allnoconfig.ts. Then the
# in-kernel layouts that follow from it against GCC on 6.1's allnoconfig
# build, for x86_64, i386 and (with its cross compiler) aarch64: see
# bench/kernel-layouts.ts.
#
#   bash bench/kconfig-allnoconfig.sh [WORKDIR]   (needs make, gcc, flex, bison)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
for tool in make gcc flex bison; do command -v "$tool" >/dev/null || { echo "bench/kconfig-allnoconfig.sh: $tool is needed (apt-get install $tool)" >&2; exit 1; }; done
. "$here/bench/debian-history.sh"
linux_6_1_and_6_12
for t in a b; do
  echo "== $(make -s -C "$work/$t" kernelversion 2>/dev/null)"
  node --import "$here/bin/load-typescript.mjs" "$here/bench/kconfig-allnoconfig.ts" "$work/$t"
done

# in-kernel layouts against GCC, on 6.1 configured by scripts/kconfig in an output directory
headers=(include/linux/vfio.h include/linux/vfio_pci_core.h include/linux/dma-buf.h include/linux/fs.h include/linux/mm_types.h
  include/linux/sched.h include/linux/skbuff.h include/linux/netdevice.h include/linux/device.h include/linux/pci.h)
for pair in x86_64:x86_64: i386:i386: aarch64:arm64:aarch64-linux-gnu-; do
  IFS=: read -r abi arch cross <<< "$pair"
  command -v "${cross}gcc" >/dev/null || { echo "$abi: no ${cross}gcc, skipped"; continue; }
  out="$work/layouts-$abi"
  mkdir -p "$out"
  node --import "$here/bin/load-typescript.mjs" -e "import { allnoconfigAnswers } from '$here/src/c/preprocess/kernel-config.ts'; console.log(allnoconfigAnswers('$abi').map((s) => 'CONFIG_' + s + '=y').join('\\n'))" > "$out.frag"
  make -s -C "$work/a" O="$out" ARCH="$arch" CROSS_COMPILE="$cross" KCONFIG_ALLCONFIG="$out.frag" allnoconfig > "$out.log" 2>&1
  # objtool needs libelf; the headers the probe reads are generated before it
  make -s -C "$work/a" O="$out" ARCH="$arch" CROSS_COMPILE="$cross" -j"$(nproc)" prepare >> "$out.log" 2>&1 || true
  node --import "$here/bin/load-typescript.mjs" "$here/bench/kernel-layouts.ts" "$work/a" "$out" "$abi" "${headers[@]}"
done
