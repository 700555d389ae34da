/**
 * Include replay (src/c/preprocess/include-replay.ts): a run that replays
 * recorded inclusions must give exactly what a run without replay gives —
 * on the system's uAPI headers for several ABIs, and on inclusions built to
 * depend on the includer's state.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { installedUapiHeaders } from '../../support/uapi-headers.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { preprocess, PreprocessCache, systemIncludeDirsFor, type PreprocessResult } from '../../../src/c/preprocess/index.ts';

function snapshot(r: PreprocessResult): unknown {
  return {
    text: r.text,
    origins: r.origins,
    files: r.files,
    diagnostics: r.diagnostics,
    macros: [...r.macros.values()].map((m) => [m.name, m.params, m.body, m.loc]),
  };
}

/** Runs with replay (sharing one cache, so later runs replay what earlier ones recorded) and without. */
function compare(inputs: { path: string; text: string }[], opts: { abi: AbiName; includeDirs: string[]; readFile?: (p: string) => string | null }) {
  const cache = new PreprocessCache();
  let replayedFaster = 0;
  for (const input of inputs) {
    const plain = preprocess(input, { ...opts, kernel: false, cache: new PreprocessCache(), replayIncludes: false });
    const replayed = preprocess(input, { ...opts, kernel: false, cache });
    expect(snapshot(replayed), input.path).toEqual(snapshot(plain));
    replayedFaster++;
  }
  return replayedFaster;
}

const memory = (files: Record<string, string>) => (p: string) => files[p] ?? null;

/**
 * Files in memory on x86_64: `compareIn(order)` checks replay against plain
 * preprocessing over that order of main files; `run(path)` preprocesses one
 * with a cache kept across its calls (so later runs replay earlier ones).
 */
function inMemory(files: Record<string, string>) {
  const readFile = memory(files);
  const cache = new PreprocessCache();
  return {
    compareIn: (order: string[]) => compare(order.map((path) => ({ path, text: files[path]! })), { abi: 'x86_64', includeDirs: [], readFile }),
    run: (path: string) => preprocess({ path, text: files[path]! }, { abi: 'x86_64', kernel: false, includeDirs: [], readFile, cache }).text,
  };
}

describe('include replay', () => {
  it('gives the same text, origins, files, diagnostics and macros as preprocessing, on the system uAPI headers', () => {
    const headers = installedUapiHeaders(3)
      .map((n) => `/usr/include/linux/${n}`);
    expect(headers.length).toBeGreaterThan(150);
    for (const abi of ['x86_64', 'aarch64', 'i386'] as const) {
      const dirs = systemIncludeDirsFor(abi);
      if (abi !== 'x86_64' && !dirs.some((d) => existsSync(d) && d.includes('-linux-'))) continue;
      const inputs = headers.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
      expect(compare(inputs, { abi, includeDirs: dirs })).toBe(inputs.length);
    }
  }, 120_000);

  it('does not replay an inclusion whose output depends on a macro the includer changed', () => {
    const files = {
      '/m/dep.h': '#ifndef DEP_H\n#define DEP_H\n#ifdef WIDE\nlong x;\n#else\nint x;\n#endif\nint y = LIMIT;\n#endif\n',
      '/m/a.c': '#include "dep.h"\n',
      '/m/b.c': '#define WIDE\n#include "dep.h"\n',
      '/m/c.c': '#define LIMIT 7\n#include "dep.h"\n',
      '/m/d.c': '#define DEP_H\n#include "dep.h"\nafter\n',
      '/m/e.c': '#include "dep.h"\n#undef DEP_H\n#include "dep.h"\n',
    };
    const { compareIn, run } = inMemory(files);
    compareIn(['/m/a.c', '/m/b.c', '/m/c.c', '/m/a.c', '/m/d.c', '/m/e.c', '/m/b.c']);
    run('/m/a.c');
    expect(run('/m/b.c')).toContain('long x');
    expect(run('/m/c.c')).toContain('int y = 7');
  });

  it('keeps a macro an inner inclusion read first as a dependency of every inclusion around it', () => {
    // outer.h's recording depends on MODE through inner.h's read of it, and through its own later read, which
    // finds the name already seen (the outer recording saw every read while the inner one did)
    const files = {
      '/n/inner.h': '#ifdef MODE\nint mode;\n#endif\n',
      '/n/outer.h': '#include "inner.h"\n#ifdef MODE\nint again;\n#endif\n#ifdef LATE\nint late;\n#endif\n',
      '/n/a.c': '#include "outer.h"\n',
      '/n/b.c': '#define MODE\n#include "outer.h"\n',
      '/n/c.c': '#define LATE\n#include "outer.h"\n',
    };
    const { compareIn, run } = inMemory(files);
    compareIn(['/n/a.c', '/n/b.c', '/n/c.c', '/n/a.c', '/n/b.c']);
    run('/n/a.c');
    expect(run('/n/b.c')).toMatch(/int mode;\s*int again;/);
    expect(run('/n/c.c')).toContain('int late');
    expect(run('/n/a.c')).not.toMatch(/mode|again|late/);
  });

  it('does not replay an inclusion that read a predefined macro the includer #undef\'d or redefined, or the other way round', () => {
    const files = {
      '/p/dep.h': '#ifdef __x86_64__\nint wide;\n#else\nint narrow;\n#endif\nint bits = __CHAR_BIT__;\n',
      '/p/plain.c': '#include "dep.h"\n',
      '/p/undef.c': '#undef __x86_64__\n#include "dep.h"\n',
      '/p/redef.c': '#undef __CHAR_BIT__\n#define __CHAR_BIT__ 9\n#include "dep.h"\n',
      '/p/other.c': '#define UNRELATED 1\n#include "dep.h"\n',
    };
    const { compareIn, run } = inMemory(files);
    compareIn(['/p/undef.c', '/p/plain.c', '/p/redef.c', '/p/plain.c', '/p/other.c', '/p/undef.c', '/p/redef.c']);
    expect(run('/p/undef.c')).toContain('int narrow');
    expect(run('/p/plain.c')).toContain('int wide');
    expect(run('/p/undef.c')).toContain('int narrow');
    expect(run('/p/redef.c')).toContain('bits = 9');
    expect(run('/p/other.c')).toMatch(/int wide;\s*int bits = 8/);
  });

  it('sees a changed file, and keeps __COUNTER__, __INCLUDE_LEVEL__, #pragma once and push_macro exact', () => {
    const files: Record<string, string> = {
      '/r/counter.h': 'int c = __COUNTER__;\n',
      '/r/level.h': 'int l = __INCLUDE_LEVEL__;\n',
      '/r/nest.h': '#include "level.h"\n',
      '/r/once.h': '#pragma once\nint once;\n',
      '/r/wrap.h': '#include "once.h"\nint wrap;\n',
      '/r/push.h': '#pragma push_macro("X")\n#undef X\n#define X 2\nint p = X;\n#pragma pop_macro("X")\n',
      '/r/main.c': '#define X 1\n#include "counter.h"\n#include "counter.h"\n#include "level.h"\n#include "nest.h"\n#include "wrap.h"\n#include "once.h"\n#include "wrap.h"\n#include "push.h"\nint q = X;\n',
    };
    const readFile = (p: string) => files[p] ?? null;
    const main = { path: '/r/main.c', text: files['/r/main.c']! };
    compare([main, main, main], { abi: 'x86_64', includeDirs: [], readFile });

    const cache = new PreprocessCache();
    const opts = { abi: 'x86_64' as const, kernel: false, includeDirs: [], readFile, cache };
    const first = preprocess(main, opts).text;
    expect(first).toMatch(/int c = 0;[\s\S]*int c = 1;/);
    expect(first).toMatch(/int l = 1;[\s\S]*int l = 2;/);
    expect(first).toContain('int q = 1');
    files['/r/wrap.h'] = '#include "once.h"\nint wrapped_again;\n';
    const changed = preprocess(main, opts).text;
    expect(changed).toContain('wrapped_again');
    expect(changed).not.toContain('int wrap;');
  });

  it('does not record an #include met while a macro reads its arguments', () => {
    const files: Record<string, string> = {
      '/a/arg.h': 'two\n',
      '/a/main.c': '#define F(x) [x]\nF(one\n#include "arg.h"\n)\n#include "arg.h"\n',
    };
    const readFile = (p: string) => files[p] ?? null;
    const main = { path: '/a/main.c', text: files['/a/main.c']! };
    compare([main, main], { abi: 'x86_64', includeDirs: [], readFile });
  });
});
