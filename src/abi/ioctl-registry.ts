/**
 * The kernel's register of ioctl type codes: the table of
 * Documentation/userspace-api/ioctl/ioctl-number.rst (Documentation/ioctl/
 * ioctl-number.txt before 5.3), which a driver adding a new ioctl type is
 * asked to extend ("If you are adding new ioctl's to the kernel, you should
 * … add an entry to this file"). Each row gives a type code (`0x3E`, `'V'`),
 * the sequence numbers it covers (`00-1F`, `C0`, `all`), the headers that
 * define them (`linux/videodev2.h`, `uapi/linux/vfio.h`,
 * `arch/s390/include/uapi/asm/hypfs.h`, a driver's own header) and comments;
 * a row's headers and comments may continue on the lines below it.
 */

/** Where the register lives, newest first. */
export const IOCTL_REGISTRY_PATHS = ['Documentation/userspace-api/ioctl/ioctl-number.rst', 'Documentation/ioctl/ioctl-number.txt'];

export interface RegistryRow {
  code: number;
  /** The sequence numbers covered, inclusive (0-255 for `all`). */
  from: number;
  to: number;
  /** As the register writes them (`00-1F`, `all`). */
  seq: string;
  /** The headers named, as include paths (`linux/vfio.h`, `asm/hypfs.h`) or tree paths (a driver's own header). */
  headers: string[];
  /** Its line in the register (1-based). */
  line: number;
}

const ROW = /^(0x[0-9A-Fa-f]{1,2}|'(?:\\.|[^'\\])')\s+(all|[0-9A-Fa-f]{1,2}(?:-[0-9A-Fa-f]{1,2})?)(?:\s+(.*))?$/;

/** A code as the register writes it (`0x3E`, `'V'`, `'\''`) → its value. */
function codeValue(code: string): number {
  if (code.startsWith('0x')) return parseInt(code, 16);
  const inner = code.slice(1, -1);
  return (inner.startsWith('\\') ? inner.slice(1) : inner).charCodeAt(0);
}

/** A header as the register names it, the way a uAPI header is included: `include/uapi/linux/x.h` → `linux/x.h`. */
export function includeName(path: string): string {
  return path
    .replace(/^(?:\.\.\/)+/, '')
    .replace(/^arch\/[^/]+\/include\/(?:uapi\/)?/, '')
    .replace(/^include\/(?:uapi\/)?/, '')
    .replace(/^uapi\//, '');
}

/** The rows of the register's table (lines before its first `====` rule, the prose, are not read). */
export function parseIoctlRegistry(text: string): RegistryRow[] {
  const lines = text.split('\n');
  const rows: RegistryRow[] = [];
  let inTable = false;
  let last: RegistryRow | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^={3,}\s/.test(line)) {
      inTable = true;
      last = null;
      continue;
    }
    if (!inTable) continue;
    const m = ROW.exec(line.trimEnd());
    if (m) {
      const [lo, hi] = m[2] === 'all' ? [0, 255] : m[2]!.split('-').map((x) => parseInt(x, 16));
      last = { code: codeValue(m[1]!), from: lo!, to: hi ?? lo!, seq: m[2]!, headers: headersNamed(m[3] ?? ''), line: i + 1 };
      rows.push(last);
    } else if (last && /^\s+\S/.test(line)) {
      // a row's header list continues below it, in the same column
      last.headers.push(...headersNamed(line));
    } else if (line.trim() === '') {
      last = null;
    }
  }
  return rows;
}

/** The headers a row's text names, as include paths. */
function headersNamed(s: string): string[] {
  return [...s.matchAll(/(?:^|[\s,])([\w./-]+\.h)\b/g)].map((h) => includeName(h[1]!));
}

/** `code` as ioctl-number.rst writes it: a printable character quoted, else hex. */
export function spellCode(code: number): string {
  return code >= 0x21 && code <= 0x7e ? `'${String.fromCharCode(code)}'` : `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}
