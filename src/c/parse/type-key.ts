/**
 * A C type spelled out in full, as a string: equal types from different
 * units (other objects, same meaning) get the same key. Walk reads compare
 * answers by it (walk-reads.ts).
 */
import type { CType } from '../type-model.ts';

const typeKeys = new WeakMap<CType, string>();

export function typeKey(t: CType): string {
  let k = typeKeys.get(t);
  if (k !== undefined) return k;
  switch (t.kind) {
    case 'void':
      k = 'v';
      break;
    case 'builtin':
      k = `b${t.name}`;
      break;
    case 'pointer':
      k = `*${typeKey(t.to)}`;
      break;
    case 'array':
      k = `[${t.length ?? ''}]${typeKey(t.of)}`;
      break;
    case 'record':
      k = `r${t.id}`;
      break;
    case 'enum':
      k = `e${t.id}`;
      break;
    case 'typedef':
      k = `t${t.unknown ? '?' : ''}${t.name}(${typeKey(t.to)})`;
      break;
    case 'function':
      k = `f${t.variadic ? '...' : ''}(${t.params.map(typeKey).join(',')})${typeKey(t.returns)}`;
      break;
  }
  typeKeys.set(t, k);
  return k;
}
