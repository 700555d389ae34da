/**
 * C literals in the emulated kernel: integer constants typed as C11 6.4.4.1
 * says for the ABI, character constants, and string literals placed once per
 * machine in read-only kernel memory.
 */
import type { CType } from '../../c/type-model.ts';
import type { SyntaxNode } from '../c-syntax.ts';
import type { Machine } from './machine.ts';
import { Unsupported } from './run-errors.ts';
import type { ScalarValue } from './values.ts';
import { promote, scalar, wrap } from './values.ts';

const stringCache = new WeakMap<Machine, Map<string, bigint>>();

export function stringBytes(n: SyntaxNode): Uint8Array {
  const parts = n.type === 'concatenated_string' ? n.namedChildren.filter((c) => c.type === 'string_literal') : [n];
  let s = '';
  for (const p of parts) {
    for (const c of p.namedChildren) {
      if (c.type === 'string_content') s += c.text;
      else if (c.type === 'escape_sequence') s += unescape(c.text);
    }
  }
  const bytes = new TextEncoder().encode(s);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

function unescape(e: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };
  if (e.length === 2 && simple[e[1]!] !== undefined) return simple[e[1]!]!;
  if (e[1] === 'x') return String.fromCharCode(parseInt(e.slice(2), 16));
  if (/^\\[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e.slice(1), 8));
  return e.slice(1);
}

export function stringAddress(m: Machine, n: SyntaxNode): bigint {
  let cache = stringCache.get(m);
  if (!cache) stringCache.set(m, (cache = new Map()));
  const bytes = stringBytes(n);
  const key = Array.from(bytes).join(',');
  let a = cache.get(key);
  if (a === undefined) {
    const b = m.mem.allocate(bytes.length, 'kernel', 'rodata', `string ${n.text.slice(0, 40)}`);
    m.mem.write(b.base, bytes);
    a = b.base;
    cache.set(key, a);
  }
  return a;
}

export function numberLiteral(m: Machine, text: string): ScalarValue {
  let t = text.replace(/'/g, '');
  let neg = false;
  if (t.startsWith('-')) {
    neg = true;
    t = t.slice(1).trim();
  }
  const sm = /([uUlL]*)$/.exec(t)!;
  const suffix = sm[1]!.toLowerCase();
  const digits = t.slice(0, t.length - sm[1]!.length);
  if (/[.eE]/.test(digits) && !/^0x/i.test(digits)) throw new Unsupported(`floating constant ${text}`);
  const v = /^0[0-7]+$/.test(digits) ? BigInt('0o' + digits.slice(1)) : /^0b/i.test(digits) ? BigInt(digits) : BigInt(digits);
  const decimal = !/^0[xXbB0-7]/.test(digits) || digits === '0';
  const u = suffix.includes('u');
  const longs = (suffix.match(/l/g) ?? []).length;
  const env = m.env;
  const lbits = env.abi.longBytes * 8;
  // C11 6.4.4.1p5: the first type in the list that can represent the value.
  const cands: [string, number, boolean][] = [];
  const push = (name: string, bits: number, signed: boolean): void => void cands.push([name, bits, signed]);
  if (longs === 0) {
    if (!u) push('int', 32, true);
    if (u || !decimal) push('unsigned int', 32, false);
  }
  if (longs <= 1) {
    if (!u) push('long', lbits, true);
    if (u || !decimal) push('unsigned long', lbits, false);
  }
  if (!u) push('long long', 64, true);
  if (u || !decimal) push('unsigned long long', 64, false);
  if (decimal && !u) push('unsigned long long', 64, false);
  for (const [name, bits, signed] of cands) {
    const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
    if (v <= max) {
      const ty: CType = { kind: 'builtin', name };
      return scalar(ty, neg ? wrap(env, promote(env, ty), -v) : v);
    }
  }
  throw new Unsupported(`integer constant too large: ${text}`);
}

export function charLiteral(n: SyntaxNode): bigint {
  const inner = n.namedChildren[0];
  if (!inner) return 0n;
  const s = inner.type === 'escape_sequence' ? unescape(inner.text) : inner.text;
  return BigInt(s.charCodeAt(0));
}
