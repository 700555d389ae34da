/** C spelling of a CType, for text reports (`struct foo *`, `__u32[4]`). */
import type { CType, TypeModel } from '../../c/type-model.ts';
import { indexModel } from './model-index.ts';

export function typeText(model: TypeModel | null, t: CType): string {
  const { base, suffix } = split(model, t);
  return suffix ? `${base}${suffix}` : base;
}

function split(model: TypeModel | null, t: CType): { base: string; suffix: string } {
  switch (t.kind) {
    case 'void': return { base: 'void', suffix: '' };
    case 'builtin': return { base: t.name, suffix: '' };
    case 'typedef': return { base: t.name, suffix: '' };
    case 'record': return { base: recordText(model, t.id), suffix: '' };
    case 'enum': {
      const e = model ? indexModel(model).enums.get(t.id) : undefined;
      return { base: e?.tag ? `enum ${e.tag}` : e?.typedefName ?? 'enum (anon)', suffix: '' };
    }
    case 'pointer': {
      const inner = split(model, t.to);
      return inner.suffix ? { base: `${inner.base} (*`, suffix: `)${inner.suffix}` } : { base: `${inner.base} *`, suffix: '' };
    }
    case 'array': {
      const inner = split(model, t.of);
      return { base: inner.base, suffix: `[${t.length ?? ''}]${inner.suffix}` };
    }
    case 'function': return { base: `${typeText(model, t.returns)} (${t.params.map((p) => typeText(model, p)).join(', ')}${t.variadic ? ', ...' : ''})`, suffix: '' };
  }
}

function recordText(model: TypeModel | null, id: string): string {
  const r = model ? indexModel(model).records.get(id) : undefined;
  if (!r) return id;
  if (r.tag) return `${r.kind} ${r.tag}`;
  return `${r.kind} {...}`;
}
