import { describe, expect, it } from 'vitest';
import { preprocess } from '../../../src/c/preprocess/index.ts';

const run = (text: string, kernel = false) =>
  preprocess({ path: '/v/cb.h', text }, { abi: 'x86_64', kernel, includeDirs: [], readFile: () => null });

const UAPI_STDDEF = `#ifndef __counted_by
#define __counted_by(m)
#endif
#ifndef __counted_by_le
#define __counted_by_le(m)
#endif
#ifndef __counted_by_be
#define __counted_by_be(m)
#endif
`;

describe('__counted_by survives preprocessing as an attribute', () => {
  it('rewrites uses even though uAPI headers define the macros empty', () => {
    const r = run(`${UAPI_STDDEF}struct s {\n\t__u32 n;\n\t__u32 d[] __counted_by(n);\n\t__le32 e[] __counted_by_le(n);\n\t__be32 f[] __counted_by_be( n );\n};\n`);
    expect(r.text).toBe([
      'struct s {', '__u32 n;',
      '__u32 d[] __attribute__((__counted_by__(n)));',
      '__le32 e[] __attribute__((__counted_by__(n)));',
      '__be32 f[] __attribute__((__counted_by__(n)));',
      '};', '',
    ].join('\n'));
    expect(r.origins.map((o) => o.line)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(r.macros.get('__counted_by')?.body).toBe('');
  });

  it('rewrites uses produced by other macros, and with the kernel definition too', () => {
    const text = `#if __has_attribute(__counted_by__)
# define __counted_by(member) __attribute__((__counted_by__(member)))
#else
# define __counted_by(member)
#endif
#define DECLARE_FLEX(T, name, cnt) T name[] __counted_by(cnt)
struct k { int count; DECLARE_FLEX(char, buf, count); };
`;
    expect(run(text, true).text).toBe('struct k { int count; char buf[] __attribute__((__counted_by__(count))); };\n');
  });

  it('leaves the bare name alone and does not disturb #ifdef', () => {
    const r = run(`${UAPI_STDDEF}#ifdef __counted_by\ndefined\n#endif\nint __counted_by;\n`);
    expect(r.text).toBe('defined\nint __counted_by;\n');
  });
});
