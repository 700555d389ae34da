import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preprocess, PreprocessCache } from '../../../src/c/preprocess/index.ts';
import { gccPreprocessFile, scratch, tokenTexts } from './gcc-oracle.ts';
import { writeFiles } from '../../support/temp-dirs.ts';

/** An in-memory file system for `readFile`. */
function memoryFs(files: Record<string, string>): { readFile: (p: string) => string | null; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readFile: (p) => {
      reads.push(p);
      return files[p] ?? null;
    },
  };
}

describe('#include', () => {
  const root = join(scratch, 'inc');
  writeFiles(root, {
    'main.c': '#include "local.h"\n#include <sys1/a.h>\n#include <sys1/a.h>\n#include "once.h"\n#include "once.h"\n#define HDR <sys2/b.h>\n#include HDR\nend\n',
    'local.h': 'local __FILE__ __INCLUDE_LEVEL__\n',
    'once.h': '#pragma once\nonce\n',
    'd1/sys1/a.h': '#ifndef A_H\n#define A_H\na1\n#include_next <sys1/a.h>\n#endif\n',
    'd2/sys1/a.h': 'a2 __FILE__\n',
    'd2/sys2/b.h': 'b __LINE__\n',
  });
  const opts = { abi: 'x86_64' as const, kernel: false, includeDirs: [join(root, 'd1'), join(root, 'd2')] };

  it('searches the includer directory, then the include dirs; honours guards, #pragma once, #include_next and computed includes like GCC', () => {
    const main = join(root, 'main.c');
    const r = preprocess({ path: main, text: '#include "local.h"\n#include <sys1/a.h>\n#include <sys1/a.h>\n#include "once.h"\n#include "once.h"\n#define HDR <sys2/b.h>\n#include HDR\nend\n' }, opts);
    const gcc = tokenTexts(gccPreprocessFile('x86_64', main, ['-I', join(root, 'd1'), '-I', join(root, 'd2')]));
    expect(tokenTexts(r.text)).toEqual(gcc);
    expect(r.diagnostics).toEqual([]);
    expect(r.files).toEqual([main, join(root, 'local.h'), join(root, 'd1/sys1/a.h'), join(root, 'd2/sys1/a.h'), join(root, 'once.h'), join(root, 'd2/sys2/b.h')]);
    expect(r.origins.map((o) => `${o.file.slice(root.length + 1)}:${o.line}`)).toEqual([
      'local.h:1', 'd1/sys1/a.h:3', 'd2/sys1/a.h:1', 'once.h:2', 'd2/sys2/b.h:1', 'main.c:8',
    ]);
  });

  it('reports a missing include with file:line and goes on', () => {
    const fs = memoryFs({ '/src/m.c': '', '/src/x.h': 'int before;\n#include <nope.h>\n#include "nope2.h"\nint after;\n' });
    const r = preprocess({ path: '/src/m.c', text: '#include "x.h"\nint last;\n' }, { abi: 'x86_64', kernel: false, includeDirs: ['/inc'], readFile: fs.readFile });
    expect(r.diagnostics).toEqual([
      { loc: { file: '/src/x.h', line: 2 }, message: 'nope.h: No such file or directory', severity: 'error' },
      { loc: { file: '/src/x.h', line: 3 }, message: 'nope2.h: No such file or directory', severity: 'error' },
    ]);
    expect(r.text).toBe('int before;\nint after;\nint last;\n');
    expect(fs.reads).toEqual(expect.arrayContaining(['/src/x.h', '/inc/nope.h', '/src/nope2.h', '/inc/nope2.h']));
  });

  it('stops an #include cycle at the depth bound with a diagnostic', () => {
    const fs = memoryFs({ '/c/a.h': 'a\n#include "b.h"\n', '/c/b.h': 'b\n#include "a.h"\n' });
    const r = preprocess({ path: '/c/main.c', text: '#include "a.h"\nend\n' }, { abi: 'x86_64', kernel: false, includeDirs: [], readFile: fs.readFile, maxDepth: 20 });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ loc: { line: 2 }, severity: 'error' });
    expect(r.diagnostics[0]!.message).toMatch(/nested depth 20 exceeds maximum of 20/);
    expect(r.text.split('\n').filter((l) => l === 'a')).toHaveLength(10);
    expect(r.text.endsWith('end\n')).toBe(true);
  });

  it('reports malformed #include lines', () => {
    const r = preprocess({ path: '/m.c', text: '#include\n#include foo\n#include <unterminated\nok\n' }, { abi: 'x86_64', kernel: false, includeDirs: [], readFile: () => null });
    expect(r.diagnostics.map((d) => [d.loc.line, d.message])).toEqual([
      [1, '#include expects "FILENAME" or <FILENAME>'], [2, '#include expects "FILENAME" or <FILENAME>'], [3, '#include expects "FILENAME" or <FILENAME>'],
    ]);
    expect(r.text).toBe('ok\n');
  });

  it('reuses tokenised files across runs through a cache, and sees changed texts', () => {
    const files: Record<string, string> = { '/k/t.h': '#define T 1\n' };
    const cache = new PreprocessCache();
    const run = () => preprocess({ path: '/k/m.c', text: '#include "t.h"\nT\n' }, { abi: 'x86_64', kernel: false, includeDirs: [], readFile: (p) => files[p] ?? null, cache }).text;
    expect(run()).toBe('1\n');
    expect(run()).toBe('1\n');
    files['/k/t.h'] = '#define T 2\n';
    expect(run()).toBe('2\n');
    files['/k/t.h'] = '#define T 1\n';
    expect(run()).toBe('1\n');
  });

  it('lexes a text once for every path that has it, and each path keeps its own file and line', () => {
    // two sysroots with byte-identical copies of a header, as the cross compilers' sysroots have
    const header = '#ifndef G\n#define G\n#define W(x) (x + 1)\nint g = W(2);\n"open\n#endif\n';
    const broken = 'x\n/* never closed\n';
    const files: Record<string, string> = { '/a/include/g.h': header, '/b/include/g.h': header, '/a/include/c.h': broken, '/b/include/c.h': broken };
    const cache = new PreprocessCache();
    const lexedA = cache.lex('/a/include/g.h', header);
    const lexedB = cache.lex('/b/include/g.h', header);
    expect(lexedB.file.compact).toBeDefined();
    expect(lexedB.file.compact).toBe(lexedA.file.compact);
    expect(lexedB.file.guard).toBe('G');
    const run = (root: string) =>
      preprocess({ path: `${root}/m.c`, text: '#include <g.h>\n#include <g.h>\n#include <c.h>\nend\n' }, { abi: 'x86_64', kernel: false, includeDirs: [`${root}/include`], readFile: (p) => files[p] ?? null, cache });
    for (const root of ['/a', '/b']) {
      const r = run(root);
      expect(r.text).toBe('int g = (2 + 1);\n"open\nx\nend\n');
      expect(r.origins).toEqual([
        { file: `${root}/include/g.h`, line: 4 },
        { file: `${root}/include/g.h`, line: 5 },
        { file: `${root}/include/c.h`, line: 1 },
        { file: `${root}/m.c`, line: 4 },
      ]);
      expect(r.diagnostics.map((d) => `${d.loc.file}:${d.loc.line} ${d.message}`)).toEqual([
        `${root}/include/g.h:5 missing terminating " character`,
        `${root}/include/c.h:2 unterminated comment`,
      ]);
    }
    // the Token objects a run makes are its own: none is kept per path once the runs are over
    for (const path of ['/a/include/g.h', '/b/include/g.h']) {
      expect(cache.lex(path, header).file).toEqual({ path, compact: lexedA.file.compact, guard: 'G', diagnostics: [] });
    }
  });
});

describe('kernel tree include order', () => {
  const tree = join(scratch, 'linux');
  writeFiles(tree, {
    'include/uapi/linux/types.h': '#include <asm/types.h>\n#ifndef __KERNEL__\n#ifndef __EXPORTED_HEADERS__\n#warning "Attempt to use kernel headers from user space"\n#endif\n#endif\nuapi_linux_types\n',
    'include/linux/types.h': '#include <uapi/linux/types.h>\nkernel_linux_types\n',
    'include/uapi/asm-generic/types.h': 'asm_generic_types __BITS\n',
    'arch/x86/include/uapi/asm/posix_types.h': 'x86_posix_types\n',
    'include/uapi/asm-generic/posix_types.h': 'generic_posix_types\n',
    'arch/arm64/include/uapi/asm/types.h': '#include <asm-generic/types.h>\narm64_types\n',
    'include/linux/kconfig.h': '#include <generated/autoconf.h>\n#define IS_ENABLED(option) 0\n',
    'include/linux/compiler_types.h': '#ifndef __ASSEMBLY__\n#define __user\n#endif\ncompiler_types IS_ENABLED(X)\n',
    'include/uapi/linux/stddef.h': '#include <linux/compiler_types.h>\n#include <linux/compiler.h>\n#ifndef __always_inline\n#define __always_inline inline\n#endif\nuapi_stddef __always_inline\n',
    'include/linux/compiler.h': 'kernel_compiler\n',
    'include/uapi/linux/foo.h': '#include <linux/types.h>\n#include <asm/posix_types.h>\n#if IS_ENABLED(CONFIG_X)\nenabled\n#endif\n#ifdef __KERNEL__\nkernel\n#endif\n',
  });
  const main = join(tree, 'include/uapi/linux/foo.h');
  const text = '#include <linux/types.h>\n#include <asm/posix_types.h>\n#if IS_ENABLED(CONFIG_X)\nenabled\n#endif\n#ifdef __KERNEL__\nkernel\n#endif\n';

  it('uAPI mode searches only the uapi dirs, arch first, and falls back from asm/ to asm-generic/', () => {
    const r = preprocess({ path: main, text }, { abi: 'x86_64', kernel: false, includeDirs: [], kernelTree: tree });
    expect(r.text).toBe('asm_generic_types __BITS\nuapi_linux_types\nx86_posix_types\n');
    // IS_ENABLED is not defined for uAPI code: GCC rejects the #if as well.
    expect(r.diagnostics.map((d) => d.message)).toEqual(['#if: missing binary operator before token "("']);
  });

  it('searches the after-directories last: after the tree and after its asm-generic fallback', () => {
    const system = join(scratch, 'linux-system');
    writeFiles(system, {
      'linux/types.h': 'system_linux_types\n',
      'asm/types.h': 'system_asm_types\n',
      'asm/posix_types.h': 'system_posix_types\n',
      'stddef.h': 'system_stddef\n',
    });
    const withStddef = `${text}#include <stddef.h>\n`;
    const r = preprocess({ path: main, text: withStddef }, { abi: 'x86_64', kernel: false, includeDirs: [], kernelTree: tree, afterDirs: [system] });
    // the tree's linux/types.h and asm-generic fallback win; only <stddef.h>, which the tree lacks, comes from the system
    expect(r.text).toBe('asm_generic_types __BITS\nuapi_linux_types\nx86_posix_types\nsystem_stddef\n');
    // the same directory as an ordinary include directory shadows the tree
    const shadowed = preprocess({ path: main, text: withStddef }, { abi: 'x86_64', kernel: false, includeDirs: [system], kernelTree: tree });
    expect(shadowed.text).toBe('system_linux_types\nsystem_posix_types\nsystem_stddef\n');
  });

  it('defines __EXPORTED_HEADERS__ for uAPI headers read from the tree, as headers_install does, and only then', () => {
    const text = '#include <linux/types.h>\n';
    expect(preprocess({ path: main, text }, { abi: 'x86_64', kernel: false, includeDirs: [], kernelTree: tree }).diagnostics).toEqual([]);
    const installed = preprocess({ path: join(tree, 'x.h'), text }, { abi: 'x86_64', kernel: false, includeDirs: [join(tree, 'include/uapi')] });
    expect(installed.diagnostics.map((d) => d.message)).toContain('#warning "Attempt to use kernel headers from user space"');
  });

  it('drops the includes of linux/compiler.h and linux/compiler_types.h from uAPI headers, as headers_install does', () => {
    const text = '#include <linux/stddef.h>\n';
    const uapi = preprocess({ path: main, text }, { abi: 'x86_64', kernel: false, includeDirs: [], kernelTree: tree });
    expect(uapi.text).toBe('uapi_stddef inline\n');
    expect(uapi.diagnostics).toEqual([]);
    // in-kernel code reads them
    const kernel = preprocess({ path: main, text: '#include <linux/compiler.h>\n' }, { abi: 'x86_64', kernel: true, includeDirs: [], kernelTree: tree });
    expect(kernel.text).toContain('kernel_compiler');
  });

  it('a file named by its path in the tree (a series\' file) finds its "local" includes beside it in the tree', () => {
    writeFiles(tree, { 'include/uapi/drm/base_drm.h': 'drm_base\n', 'drivers/demo/demo_priv.h': 'demo_priv\n' });
    // relative to the tree, not to the working directory: the pipeline names files by their repo path
    const uapi = preprocess({ path: 'include/uapi/drm/demo_drm.h', text: '#include "base_drm.h"\n' }, { abi: 'x86_64', kernel: false, includeDirs: [], kernelTree: tree });
    expect(uapi.text).toBe('drm_base\n');
    expect(uapi.diagnostics).toEqual([]);
    expect(uapi.files).toContain(join(tree, 'include/uapi/drm/base_drm.h'));
    const code = preprocess({ path: 'drivers/demo/demo.c', text: '#include "demo_priv.h"\n' }, { abi: 'x86_64', kernel: true, includeDirs: [], kernelTree: tree });
    expect(code.text).toContain('demo_priv');
    // without a tree the includer's directory is taken as it is written
    const bare = preprocess({ path: 'include/uapi/drm/demo_drm.h', text: '#include "base_drm.h"\n' }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    expect(bare.diagnostics.map((d) => d.message)).toEqual(['base_drm.h: No such file or directory']);
  });

  it("in-kernel code's <uapi/asm/NAME> falls back to asm-generic/NAME too, as the generated uAPI wrapper reads", () => {
    // arm64's asm/signal.h includes <uapi/asm/siginfo.h>, which Kbuild makes as a wrapper of asm-generic/siginfo.h
    writeFiles(tree, { 'include/uapi/asm-generic/siginfo.h': 'generic_siginfo\n' });
    const r = preprocess({ path: 'arch/arm64/include/asm/signal.h', text: '#include <uapi/asm/siginfo.h>\n' }, { abi: 'aarch64', kernel: true, includeDirs: [], kernelTree: tree });
    expect(r.text).toContain('generic_siginfo');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('kernel mode puts include/ before the uapi dirs, pre-includes kconfig.h then compiler_types.h and defines __KERNEL__', () => {
    const r = preprocess({ path: main, text }, { abi: 'aarch64', kernel: true, includeDirs: [], kernelTree: tree });
    expect(r.text).toBe('compiler_types 0\nasm_generic_types __BITS\narm64_types\nuapi_linux_types\nkernel_linux_types\ngeneric_posix_types\nkernel\n');
    // An unbuilt tree has no generated headers: a warning, not an error.
    expect(r.diagnostics).toEqual([{ loc: { file: join(tree, 'include/linux/kconfig.h'), line: 1 }, message: 'generated/autoconf.h: No such file or directory', severity: 'warning' }]);
  });
});
