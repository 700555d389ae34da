/**
 * In-kernel function declarations (`int pci_enable_device(struct pci_dev *);`)
 * compared by name between two versions of a header: those declared in the
 * file on both sides whose signature differs once typedefs are resolved.
 * Qualifiers are not part of a CType: where the types are the same, the
 * declarations as the header's text spells them are compared with their
 * qualifiers (`struct device *` → `const struct device *`), and a change of
 * qualifiers alone is a change too (`qualifiersOnly`: the calls are the same,
 * a definition left as it was is not). A signature with a type the front end
 * could not resolve is not compared.
 */
import type { CType, FunctionProto, TypeModel } from '../../c/type-model.ts';
import { comparableType, declarationAt, headSignatures, signatureText } from './op-implementations.ts';
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

/**
 * The signature of function `name` as the declaration at 1-based `line`
 * spells it, with qualifiers and without (op-implementations.ts's
 * `prototypeOf`); null where no declaration of `name(` starts there (one a
 * macro makes, a line the text does not have).
 */
export function declaredFunctionSignature(lines: readonly string[], line: number, name: string): { qualified: string; plain: string } | null {
  const sig = headSignatures(declarationAt(lines, line), name);
  return sig && { qualified: sig.qualified, plain: sig.signature };
}

/** A comparable signature (`int(const struct device*,int)`) spelled as a written type is (`int (const struct device *, int)`). */
function spelledSignature(signature: string): string {
  return signature.replace('(', ' (').replace(/([^*\s(])\*/g, '$1 *').replace(/,/g, ', ');
}

/** Where both sides spell `name` with the same types but other qualifiers: the qualified signatures before and after. */
function qualifierChange(name: string, old: FunctionProto, now: FunctionProto, lines: { before: readonly string[]; after: readonly string[] } | null): { before: string; after: string } | null {
  if (!lines) return null;
  const b = declaredFunctionSignature(lines.before, old.loc.line, name);
  const a = declaredFunctionSignature(lines.after, now.loc.line, name);
  // the same words but for qualifiers: what else differs (an attribute, a spelling) is no change of type
  if (!b || !a || b.qualified === a.qualified || b.plain !== a.plain) return null;
  return { before: b.qualified, after: a.qualified };
}

/**
 * `texts`: the header's text before and after (where the prototypes'
 * lines are), for changes of qualifiers alone; without them only changes
 * of type are found.
 */
export function prototypeChanges(
  before: TypeModel | null,
  after: TypeModel | null,
  mine: (file: string) => boolean,
  texts?: { before: string | null; after: string | null },
): PrototypeChange[] {
  if (!before || !after) return [];
  const was = declaredIn(before, mine);
  const lookBefore = lookupFor(before);
  const lookAfter = lookupFor(after);
  const lines = texts?.before && texts.after ? { before: texts.before.split('\n'), after: texts.after.split('\n') } : null;
  const out: PrototypeChange[] = [];
  for (const [name, now] of declaredIn(after, mine)) {
    const old = was.get(name);
    if (!old || hasUnresolvedType(old.type) || hasUnresolvedType(now.type)) continue;
    const countBefore = arityOf(old);
    const countAfter = arityOf(now);
    const arity = countBefore !== null && countAfter !== null ? { before: countBefore, after: countAfter } : null;
    if (canonicalType(old.type, lookBefore) === canonicalType(now.type, lookAfter)) {
      const q = qualifierChange(name, old, now, lines);
      if (!q) continue;
      out.push({
        name, line: now.loc.line, before: spelledSignature(q.before), after: spelledSignature(q.after),
        arity, nowVoid: false, qualifiersOnly: true, signatures: q,
      });
      continue;
    }
    out.push({
      name, line: now.loc.line, before: writtenType(old.type, lookBefore), after: writtenType(now.type, lookAfter),
      arity,
      nowVoid: returnsVoid(old) === false && returnsVoid(now) === true,
      qualifiersOnly: false,
      signatures: { before: functionSignature(old.type, lookBefore), after: functionSignature(now.type, lookAfter) },
    });
  }
  return out;
}
