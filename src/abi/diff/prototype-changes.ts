/**
 * In-kernel function declarations (`int pci_enable_device(struct pci_dev *);`)
 * compared by name between two versions of a header: those declared in the
 * file on both sides whose signature differs once typedefs are resolved.
 * Qualifiers are not part of a CType, so `const struct device *` for
 * `struct device *` is no change (the call is the same); a signature with a
 * type the front end could not resolve is not compared.
 */
import type { CType, FunctionProto, TypeModel } from '../../c/type-model.ts';
import { comparableType, signatureText } from './op-implementations.ts';
import type { PrototypeChange } from './types.ts';
import { canonicalType, hasUnresolvedType, lookupFor, resolveTypedefs, writtenType, type TypeLookup } from './type-text.ts';

/** The parameter count of a non-variadic function prototype, or null. */
function arityOf(p: FunctionProto): number | null {
  const t = resolveTypedefs(p.type);
  return t.kind === 'function' && !t.variadic ? t.params.length : null;
}

/**
 * A function type (or a pointer to one) as comparable signature text
 * (op-implementations.ts's `signatureText`: what a definition's head reads
 * as), or null when it is neither or variadic.
 */
export function functionSignature(t: CType, look: TypeLookup): string | null {
  let f = resolveTypedefs(t);
  if (f.kind === 'pointer') f = resolveTypedefs(f.to);
  if (f.kind !== 'function' || f.variadic) return null;
  return signatureText({ returns: comparableType(writtenType(f.returns, look)), params: f.params.map((x) => comparableType(writtenType(x, look))) });
}

/** Whether a prototype returns void (typedefs resolved); null when it is no function type. */
function returnsVoid(p: FunctionProto): boolean | null {
  const t = resolveTypedefs(p.type);
  return t.kind === 'function' ? resolveTypedefs(t.returns).kind === 'void' : null;
}

function declaredIn(model: TypeModel | null, mine: (file: string) => boolean): Map<string, FunctionProto> {
  const out = new Map<string, FunctionProto>();
  for (const p of model?.prototypes ?? []) if (mine(p.loc.file) && !out.has(p.name)) out.set(p.name, p);
  return out;
}

export function prototypeChanges(before: TypeModel | null, after: TypeModel | null, mine: (file: string) => boolean): PrototypeChange[] {
  if (!before || !after) return [];
  const was = declaredIn(before, mine);
  const lookBefore = lookupFor(before);
  const lookAfter = lookupFor(after);
  const out: PrototypeChange[] = [];
  for (const [name, now] of declaredIn(after, mine)) {
    const old = was.get(name);
    if (!old || hasUnresolvedType(old.type) || hasUnresolvedType(now.type)) continue;
    if (canonicalType(old.type, lookBefore) === canonicalType(now.type, lookAfter)) continue;
    const before = arityOf(old);
    const after = arityOf(now);
    out.push({
      name, line: now.loc.line, before: writtenType(old.type, lookBefore), after: writtenType(now.type, lookAfter),
      arity: before !== null && after !== null ? { before, after } : null,
      nowVoid: returnsVoid(old) === false && returnsVoid(now) === true,
      signatures: { before: functionSignature(old.type, lookBefore), after: functionSignature(now.type, lookAfter) },
    });
  }
  return out;
}
