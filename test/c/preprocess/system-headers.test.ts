/**
 * Every installed uAPI header, on every ABI whose GCC is installed:
 * - preprocessed alone, the only errors are genuinely missing includes and
 *   `#error`s that GCC reports too (listed below for x86_64);
 * - all the others together in one umbrella file give exactly GCC's tokens.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ABI_NAMES, type AbiName } from '../../../src/abi/layout-types.ts';
import { abiTarget } from '../../../src/c/preprocess/abi-targets.ts';
import { gccCommandFor, preprocess, PreprocessCache, systemIncludeDirsFor } from '../../../src/c/preprocess/index.ts';
import { haveCompiler, scratchFile, tokenTexts } from './gcc-oracle.ts';

const SUBDIRS = ['linux', 'drm', 'rdma', 'misc', 'sound', 'scsi'];

function uapiRoot(abi: AbiName): string {
  const t = abiTarget(abi);
  return t.archDir === 'x86' ? '/usr/include' : `/usr/${t.triplet}/include`;
}

/** Include names (`linux/types.h` …) of the installed uAPI headers for `abi`. */
function headerNames(abi: AbiName): string[] {
  const root = uapiRoot(abi);
  const names: string[] = [];
  for (const sub of SUBDIRS) {
    if (!existsSync(`${root}/${sub}`)) continue;
    for (const f of readdirSync(`${root}/${sub}`).sort()) if (f.endsWith('.h')) names.push(`${sub}/${f}`);
  }
  return names;
}

function gccArgs(abi: AbiName): string[] {
  return ['-E', '-P', '-nostdinc', ...systemIncludeDirsFor(abi).flatMap((d) => ['-isystem', d])];
}

const cache = new PreprocessCache();

function errorsOf(abi: AbiName, name: string): string[] {
  const path = `${uapiRoot(abi)}/${name}`;
  const r = preprocess({ path, text: readFileSync(path, 'utf8') }, { abi, kernel: false, includeDirs: systemIncludeDirsFor(abi), cache });
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.loc.file.replace(uapiRoot(abi) + '/', '')}:${d.loc.line}: ${d.message}`);
}

describe('installed uAPI headers', () => {
  it('x86_64: /usr/include/linux/*.h preprocess without errors except genuinely missing includes', () => {
    const failing: Record<string, string[]> = {};
    const linux = headerNames('x86_64').filter((n) => n.startsWith('linux/'));
    expect(linux.length).toBeGreaterThan(500);
    for (const name of linux) {
      const errors = errorsOf('x86_64', name);
      if (errors.length > 0) failing[name] = errors;
    }
    // drm/ is not installed on the host (libdrm-dev), and patchkey.h refuses to be included directly.
    expect(failing).toEqual({
      'linux/kfd_ioctl.h': ['linux/kfd_ioctl.h:26: drm/drm.h: No such file or directory'],
      'linux/patchkey.h': ['linux/patchkey.h:15: #error "patchkey.h included directly"'],
    });
  });

  for (const abi of ABI_NAMES) {
    it.skipIf(!haveCompiler(abi))(`${abi}: all headers together give GCC's tokens; headers we reject, GCC rejects`, () => {
      const names = headerNames(abi);
      const { cc, args } = gccCommandFor(abi);
      const good: string[] = [];
      for (const name of names) {
        const errors = errorsOf(abi, name);
        if (errors.length === 0) {
          good.push(name);
          continue;
        }
        for (const e of errors) expect(e, `${abi} ${name}`).toMatch(/: No such file or directory$|: #error /);
        let gccFailed = false;
        try {
          execFileSync(cc, [...args, ...gccArgs(abi), `${uapiRoot(abi)}/${name}`], { stdio: 'ignore' });
        } catch {
          gccFailed = true;
        }
        expect(gccFailed, `GCC accepts ${name} on ${abi} but we reported ${errors.join('; ')}`).toBe(true);
      }
      expect(good.length).toBeGreaterThan(names.length - 10);
      const umbrella = good.map((n) => `#include <${n}>`).join('\n') + '\n';
      const file = scratchFile(umbrella, `umbrella-${abi}.c`);
      const gcc = tokenTexts(execFileSync(cc, [...args, ...gccArgs(abi), '-w', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 }));
      const r = preprocess({ path: file, text: umbrella }, { abi, kernel: false, includeDirs: systemIncludeDirsFor(abi), cache });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const ours = tokenTexts(r.text);
      let k = 0;
      while (k < gcc.length && gcc[k] === ours[k]) k++;
      expect({ at: k, ours: ours.slice(k, k + 20) }).toEqual({ at: k, ours: gcc.slice(k, k + 20) });
      expect(ours.length).toBe(gcc.length);
      expect(gcc.length).toBeGreaterThan(100_000);
    });
  }
});

/** C library headers pull in most of GCC's predefined macros (atomics, stdint types, long double, FP units). */
const LIBC_HEADERS = `stdio.h stdlib.h string.h stdint.h stddef.h stdarg.h limits.h errno.h fcntl.h unistd.h sys/types.h
sys/socket.h sys/ioctl.h sys/stat.h sys/mman.h netinet/in.h signal.h time.h pthread.h math.h float.h wchar.h inttypes.h
endian.h byteswap.h sys/epoll.h poll.h termios.h sys/uio.h sched.h setjmp.h stdatomic.h stdbool.h assert.h ctype.h
locale.h dirent.h sys/time.h sys/resource.h sys/wait.h net/if.h sys/sysmacros.h tgmath.h complex.h fenv.h`.split(/\s+/);

describe('C library headers', () => {
  for (const abi of ABI_NAMES) {
    it.skipIf(!haveCompiler(abi))(`${abi}: ${LIBC_HEADERS.length} libc headers together give GCC's tokens`, () => {
      const text = LIBC_HEADERS.map((h) => `#include <${h}>`).join('\n') + '\n';
      const file = scratchFile(text, `libc-${abi}.c`);
      const { cc, args } = gccCommandFor(abi);
      const gcc = tokenTexts(execFileSync(cc, [...args, ...gccArgs(abi), '-w', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 }));
      const r = preprocess({ path: file, text }, { abi, kernel: false, includeDirs: systemIncludeDirsFor(abi), cache });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const ours = tokenTexts(r.text);
      let k = 0;
      while (k < gcc.length && gcc[k] === ours[k]) k++;
      expect({ at: k, ours: ours.slice(k, k + 20) }).toEqual({ at: k, ours: gcc.slice(k, k + 20) });
      expect(ours.length).toBe(gcc.length);
    });
  }
});
