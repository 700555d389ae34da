/**
 * Walks a tree-sitter-c syntax tree of one preprocessed translation unit and
 * fills a TypeModel: records (with nested and anonymous members), enums with
 * evaluated values, typedef chains, function definitions and (in-kernel
 * code) non-static function declarations. Attributes were
 * blanked before parsing (gnu-normalize) and are attached here by position,
 * the way GCC applies them:
 *   - between `struct`/`union`/`enum` and the body, or right after the
 *     closing brace → the type;
 *   - before the type specifier, or after a non-defining type specifier →
 *     every declarator of the declaration;
 *   - from a declarator to the next one → that declarator.
 */
import { constantText } from './constant-text.ts';
import { unnamedBitfieldWidth } from './unnamed-bitfields.ts';
import type { AbiName } from '../../abi/layout-types.ts';
import type { Attributes, CType, EnumDecl, FunctionDef, Member, RecordDecl, SourceLoc, TypedefDecl, TypeModel } from '../type-model.ts';
import { FALLBACK_FILE, fallbackTypedef, type FallbackTypedef } from '../kernel-fallback-types.ts';
import { ABI_INTEGERS, type AbiIntegers } from './abi-integers.ts';
import { ExtractorScope } from './extractor-scope.ts';
import { AttributeIndex, applyAttributes, withMode, type AttributeProblem } from './attributes.ts';
import { INT, NotConstant, enumeratorNotConstant, enumeratorValue, integerTypeOf, type IntType, type IntValue } from './c-integer.ts';
import { canonicalBuiltin, stddefType, unknownType } from './c-types.ts';
import { tryEvaluate, type EvalContext } from './const-eval.ts';
import type { AttributeSite } from './gnu-normalize.ts';
import { packAt, type PackChange } from './pragma-pack.ts';
import type { SyntaxNode } from './tree-sitter-c.ts';
import { LayoutQueries, type LayoutHooks } from './layout-queries.ts';
import { walkLayoutWatch } from './size-reads.ts';
import type { AbiFact } from './walk-reads.ts';
import { applyDeclarator, declaratorParameters, innermostFunctionDeclarator, type DeclaratorContext } from './declarators.ts';

export interface ExtractOptions {
  abi: AbiName;
  /** In-kernel code: also the kernel-only fallback types (u32, bool, size_t …). */
  kernel: boolean;
  /** Use built-in definitions for undeclared kernel type names (see kernel-fallback-types.ts). */
  fallbackTypes: boolean;
  layout?: LayoutHooks;
}

/** One piece of the unit to walk (a file-scope declaration, see top-level-segments.ts), in its own coordinates. */
export interface ExtractInput {
  root: SyntaxNode;
  /** `#pragma pack` changes along the text (see pragma-pack.ts). */
  pack?: readonly PackChange[];
  /** The text `root` was parsed from (function bodies and member texts are cut from it). */
  source: string;
  /** Attribute sites in `source`'s offsets, sorted. */
  attributes: readonly AttributeSite[];
  /** Original location of a 0-based row of the unit (`source`'s row + `row`). */
  locate(row: number): SourceLoc;
  /** The unit's row of `source`'s first row. */
  row: number;
}

interface DeclaratorItem {
  node: SyntaxNode | null;
  bitfield: SyntaxNode | null;
  /** Where this declarator's own attributes end. */
  end: number;
}

/** Location of what only a macro's expansion mentions (`sizeof(struct x)` with `struct x` declared nowhere). */
export const MACRO_EXPANSION_FILE = '<macro expansion>';

const RECORD_SPECIFIERS = new Set(['struct_specifier', 'union_specifier']);
const TAG_SPECIFIERS = new Set(['struct_specifier', 'union_specifier', 'enum_specifier']);

export class DeclarationExtractor {
  readonly model: TypeModel;
  private readonly ints: AbiIntegers;
  /** The piece being walked, and its attribute sites. */
  private input: ExtractInput = { root: null as unknown as SyntaxNode, source: '', attributes: [], locate: () => ({ file: '<none>', line: 0 }), row: 0 };
  private attrs = new AttributeIndex([]);
  /** Names in scope and the model built so far; every change goes through it (see extractor-scope.ts). */
  readonly scope: ExtractorScope;
  private readonly attributeProblems: AttributeProblem[] = [];
  /** > 0 while evaluating text that is not part of the unit. */
  private detached = 0;
  /** > 0 while reading a function declaration's types (prototypes): no diagnostics. */
  private quiet = 0;
  /** sizeof/offsetof for the evaluator, through the layout engine. */
  private readonly layoutQueries: LayoutQueries;
  private readonly declarators: DeclaratorContext;
  private readonly evalCtx: EvalContext;

  constructor(private readonly opts: ExtractOptions) {
    this.model = { abi: opts.abi, records: [], enums: [], typedefs: [], macros: [], functions: [], diagnostics: [] };
    this.scope = new ExtractorScope(this.model);
    this.ints = ABI_INTEGERS[opts.abi];
    // a walk that asks the layout engine depends on its answers (size-reads.ts)
    this.layoutQueries = new LayoutQueries(this.model, this.scope.tags, opts.layout, opts.abi, walkLayoutWatch(this.scope, opts.layout, opts.abi));
    this.evalCtx = {
      abi: this.ints,
      uses: (fact) => this.fact(fact),
      enumerator: (name) => this.scope.enumerator(name),
      // a typedef in scope, else (`sizeof(__u32)` in a header whose types were not available) a member's fallback
      typedefNamed: (name) => {
        const td = this.scope.typedef(name);
        return td ? { kind: 'typedef', name, to: td.type } : this.detached === 0 && this.opts.fallbackTypes ? this.fallback(name) : undefined;
      },
      typeOf: (d) => this.typeOfDescriptor(d),
      intTypeOf: (t) => integerTypeOf(t, this.ints, (f) => this.fact(f)),
      sizeAlignOf: (t) => this.layoutQueries.sizeAlignOf(t),
      offsetOf: (t, m) => this.layoutQueries.offsetOf(t, m),
      memberType: (t, m) => this.layoutQueries.memberType(t, m),
    };
    this.declarators = {
      typeFrom: (node) => this.typeFrom(node, []),
      evalCtx: this.evalCtx,
      diag: (node, message) => this.diag(this.loc(node), message, 'error'),
    };
  }

  /** Walk the next piece of the unit (pieces in text order; scope carries over). */
  walk(input: ExtractInput): void {
    this.input = input;
    this.attrs = new AttributeIndex(input.attributes);
    this.items(input.root);
    for (const p of this.attributeProblems) this.diag(this.locAt(p.offset), p.message, 'warning');
    this.attributeProblems.length = 0;
  }

  /** The model, once every piece was walked. */
  finish(): TypeModel {
    if (this.scope.fallbackUsed.length > 0) {
      this.diag(
        { file: FALLBACK_FILE, line: 0 },
        `used built-in definitions for types whose headers were not available: ${this.scope.fallbackUsed.join(', ')}`,
        'warning',
      );
    }
    return this.model;
  }

  /** Evaluation context over the final scope, for text that is not part of the unit (macro values). */
  get evaluation(): EvalContext {
    return {
      ...this.evalCtx,
      typeOf: (d) => this.detachedEval(() => this.typeOfDescriptor(d)),
    };
  }

  private detachedEval<T>(f: () => T): T {
    this.detached++;
    try {
      return f();
    } finally {
      this.detached--;
    }
  }

  // ---- top level -------------------------------------------------------------

  private items(parent: SyntaxNode): void {
    const children = parent.children;
    for (let i = 0; i < children.length; i++) {
      const node = children[i]!;
      switch (node.type) {
        case 'type_definition':
          this.typeDefinition(node);
          break;
        case 'declaration':
          this.declaration(node);
          break;
        case 'function_definition':
          this.functionDefinition(node);
          break;
        case 'struct_specifier':
        case 'union_specifier':
        case 'enum_specifier': {
          const next = children[i + 1];
          this.typeFrom(node, this.attrs.between(node.endIndex, next ? next.endIndex : node.endIndex));
          break;
        }
        case 'ERROR':
          this.items(node);
          break;
        default:
          break;
      }
    }
  }

  private typeDefinition(node: SyntaxNode): void {
    const { type, declarators, declAttrs } = this.declarationParts(node);
    for (const d of declarators) {
      const attrs = this.attributesOf(d.node ? this.declaratorSites(d.node, d.end) : [], {
        ...declAttrs,
      });
      const { name, type: declared } = this.applyDeclarator(d.node, type);
      if (!name) continue;
      if (this.scope.typedef(name)) continue; // C11 allows repeating an identical typedef
      const t = withMode(declared, attrs.mode, (f) => this.fact(f));
      const decl: TypedefDecl = { name, type: t, attrs, loc: this.loc(d.node ?? node) };
      this.scope.addTypedef(decl);
      this.layoutQueries.changed();
      if (t.kind === 'record' || t.kind === 'enum') {
        const target = this.scope.tag(t.id);
        // a copy: declarations in scope may be shared with other units' models (extractor-scope.ts)
        if (target && target.tag === null && target.typedefName === undefined) this.scope.replace(target, { ...target, typedefName: name });
      }
    }
  }

  private declaration(node: SyntaxNode): void {
    // A variable is in the model only as an in-kernel `extern` (kABI), as a non-static function declaration is; else only a type it defines.
    const typeNode = node.childForFieldName('type');
    if (typeNode && TAG_SPECIFIERS.has(typeNode.type) && typeNode.childForFieldName('body') !== null) this.declarationParts(node);
    else if (this.opts.kernel && typeNode) this.interfaces(node, typeNode);
  }

  /** The non-static functions and the `extern` variables `node` declares, read quietly: an undeclared type name is left unknown, not reported. */
  private interfaces(node: SyntaxNode, typeNode: SyntaxNode): void {
    const storage = node.children.filter((c) => c.type === 'storage_class_specifier').map((c) => c.text);
    const wanted = node.childrenForFieldName('declarator').filter((d) => storage.includes('extern') || innermostFunctionDeclarator(d) !== null);
    if (storage.includes('static') || wanted.length === 0) return;
    this.quiet++;
    try {
      const base = this.typeFrom(typeNode, []);
      for (const d of wanted) {
        const { name, type } = this.applyDeclarator(d, base);
        // `extern int (*hook)(int);` has a function declarator but declares a variable (a pointer)
        if (name && type.kind === 'function') this.scope.pushPrototype({ name, type, loc: this.loc(d) });
        else if (name && storage.includes('extern')) this.scope.pushVariable({ name, type, loc: this.loc(d) });
      }
    } finally {
      this.quiet--;
    }
  }

  private functionDefinition(node: SyntaxNode): void {
    const typeNode = node.childForFieldName('type');
    const declarator = node.childForFieldName('declarator');
    if (!typeNode || !declarator) return;
    const base = this.typeFrom(typeNode, []);
    const { name, type } = this.applyDeclarator(declarator, base);
    if (!name || type.kind !== 'function') return;
    const fnDecl = innermostFunctionDeclarator(declarator);
    const params = fnDecl ? this.parameters(fnDecl.childForFieldName('parameters')).params : [];
    const isStatic = node.children.some((c) => c.type === 'storage_class_specifier' && c.text === 'static');
    const def: FunctionDef = {
      name,
      isStatic,
      returns: type.returns,
      params,
      text: this.input.source.slice(node.startIndex, node.endIndex),
      loc: this.loc(node),
      endLine: this.input.locate(this.input.row + node.endRow).line,
    };
    this.scope.pushFunction(def);
  }

  // ---- declarations ------------------------------------------------------------

  /** Type specifier, declarators (with bit widths) and declaration-wide attributes of a declaration-like node. */
  private declarationParts(
    node: SyntaxNode,
    /** Where attributes before the declaration start (blanked attributes lie outside the node). */
    declStart = node.startIndex,
  ): { type: CType; declarators: DeclaratorItem[]; declAttrs: Attributes } {
    const typeNode = node.childForFieldName('type');
    const declarators: DeclaratorItem[] = node
      .childrenForFieldName('declarator')
      .map((d) => ({ node: d, bitfield: null, end: node.endIndex }));
    if (node.type === 'field_declaration') {
      for (const c of node.namedChildren) {
        if (c.type !== 'bitfield_clause') continue;
        let owner: DeclaratorItem | undefined;
        // an unnamed bit-field of a typedef'd type (`s32:32;`) gets a MISSING name right at its colon
        for (const d of declarators) if (d.node!.startIndex < c.startIndex || (d.node!.isMissing && d.node!.startIndex === c.startIndex)) owner = d;
        if (owner && owner.bitfield === null) owner.bitfield = c;
        else if (!owner) declarators.unshift({ node: null, bitfield: c, end: node.endIndex });
      }
    }
    for (let i = 0; i + 1 < declarators.length; i++) declarators[i]!.end = declarators[i + 1]!.node!.startIndex;

    const firstDecl = declarators[0]?.node ?? declarators[0]?.bitfield ?? null;
    const afterType = firstDecl ? firstDecl.startIndex : node.endIndex;
    const declSites: AttributeSite[] = [];
    let type: CType;
    if (typeNode) {
      declSites.push(...this.attrs.between(declStart, typeNode.startIndex));
      const defines = TAG_SPECIFIERS.has(typeNode.type) && typeNode.childForFieldName('body') !== null;
      const trailing = this.attrs.between(typeNode.endIndex, afterType);
      if (defines) type = this.typeFrom(typeNode, trailing);
      else {
        type = this.typeFrom(typeNode, []);
        declSites.push(...trailing);
      }
    } else {
      type = unknownType('<missing type>');
    }
    return { type, declarators, declAttrs: this.attributesOf(declSites, {}) };
  }

  /** The CType a type specifier names; defines records and enums it contains. */
  private typeFrom(node: SyntaxNode, trailing: AttributeSite[]): CType {
    switch (node.type) {
      case 'primitive_type':
        return this.namedType(node.text, node);
      case 'sized_type_specifier': {
        const words = node.text.split(/\s+/).filter(Boolean);
        const canon = canonicalBuiltin(words);
        if (canon) return canon === 'void' ? { kind: 'void' } : { kind: 'builtin', name: canon };
        // e.g. `unsigned foo_t`: not valid C, but keep going with the named part
        const named = node.childForFieldName('type');
        return named ? this.namedType(named.text, named) : this.unknown(node.text, node);
      }
      case 'type_identifier':
        return this.namedType(node.text, node);
      case 'struct_specifier':
      case 'union_specifier':
        return this.recordType(node, trailing);
      case 'enum_specifier':
        return this.enumType(node, trailing);
      case 'macro_type_specifier': {
        const name = node.childForFieldName('name')?.text;
        const desc = node.childForFieldName('type');
        if (name === 'typeof' && desc) return this.typeOfDescriptor(desc);
        return this.unknown(node.text, node);
      }
      default:
        return this.unknown(node.text, node);
    }
  }

  private namedType(name: string, node: SyntaxNode): CType {
    const td = this.scope.typedef(name);
    if (td) return { kind: 'typedef', name, to: td.type };
    const canon = canonicalBuiltin([name]);
    if (canon) return canon === 'void' ? { kind: 'void' } : { kind: 'builtin', name: canon };
    const fb = this.opts.fallbackTypes ? this.fallback(name) : undefined;
    if (fb) return fb;
    return this.unknown(name, node);
  }

  private fallback(name: string): CType | undefined {
    this.scope.reads?.fallback(name, this.opts.abi, this.opts.kernel);
    const def: FallbackTypedef | undefined = fallbackTypedef(name, this.opts.abi, this.opts.kernel);
    if (!def) return undefined;
    let target: CType;
    const tg = def.target;
    if ('builtin' in tg) target = { kind: 'builtin', name: tg.builtin };
    else if ('pointerTo' in tg) target = { kind: 'pointer', to: { kind: 'builtin', name: tg.pointerTo } };
    else {
      const inner = this.scope.typedef(tg.typedef);
      const resolved = inner ? { kind: 'typedef' as const, name: tg.typedef, to: inner.type } : this.fallback(tg.typedef);
      if (!resolved) return undefined;
      target = resolved;
    }
    const decl: TypedefDecl = { name, type: target, attrs: def.attrs ? { ...def.attrs } : {}, loc: { file: FALLBACK_FILE, line: 0 } };
    this.scope.addTypedef(decl);
    this.layoutQueries.changed();
    this.scope.addFallback(name);
    return { kind: 'typedef', name, to: target };
  }

  private unknown(name: string, node: SyntaxNode): CType {
    const clean = name.replace(/\s+/g, ' ').trim();
    // text evaluated outside the unit (macro bodies, attribute arguments) has no location to report; a program
    // using such a macro has <stddef.h>'s size_t, which uAPI headers name without declaring it (linux/fs.h's BLKGETSIZE64)
    if (this.detached > 0) {
      const stddef = stddefType(clean, this.evalCtx.abi);
      if (!stddef) throw new NotConstant(`unknown type name '${clean}'`);
      this.fact('longBits'); // a walk shared across ABIs reads long's width here
      return stddef;
    }
    if (this.quiet > 0) return unknownType(clean);
    if (!this.scope.isUnknown(clean)) {
      this.scope.addUnknown(clean);
      this.diag(this.loc(node), `unknown type name '${clean}'`, 'error');
    }
    return unknownType(clean);
  }

  // ---- records -----------------------------------------------------------------

  private recordType(node: SyntaxNode, trailing: AttributeSite[]): CType {
    const kind = node.type === 'union_specifier' ? 'union' : 'struct';
    const nameNode = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    const tag = nameNode ? nameNode.text : null;
    if (!body) {
      if (tag === null) return this.unknown(kind, node);
      const known = this.scope.tag(tag);
      if (known) return { kind: 'record', id: known.id };
      const fwd: RecordDecl = { id: tag, kind, tag, complete: false, members: [], attrs: {}, loc: this.loc(node) };
      this.scope.setTag(tag, fwd);
      this.scope.pushRecord(fwd);
      this.layoutQueries.changed();
      return { kind: 'record', id: tag };
    }
    const loc = this.loc(node);
    let rec: RecordDecl;
    const earlier = tag !== null ? this.scope.tag(tag) : undefined;
    if (earlier && 'members' in earlier && !earlier.complete) {
      // A forward declaration (or earlier reference) is completed here: a completed copy takes its
      // place, in source order (declarations in scope may be shared with other units' models).
      this.scope.removeRecord(earlier);
      rec = { ...earlier, kind, loc, members: [], attrs: {} };
      this.scope.setTag(earlier.id, rec);
    } else {
      if (earlier) this.diag(loc, `redefinition of '${kind} ${tag}'`, 'error');
      rec = { id: tag ?? this.anonId(loc), kind, tag, complete: false, members: [], attrs: {}, loc };
      if (tag !== null && !earlier) this.scope.setTag(tag, rec);
      else if (tag === null) this.scope.setTag(rec.id, rec);
    }
    this.scope.pushRecord(rec);
    const attrs = this.attributesOf(this.attrs.between(node.startIndex, body.startIndex), {});
    rec.members = this.members(body);
    rec.attrs = this.attributesOf(trailing, attrs);
    const pack = this.input.pack && this.input.pack.length > 0 ? packAt(this.input.pack, node.startIndex) : null;
    if (pack !== null) rec.maxFieldAlign = pack;
    rec.endLine = this.input.locate(this.input.row + body.endRow).line;
    rec.complete = true;
    this.layoutQueries.changed();
    return { kind: 'record', id: rec.id };
  }

  private members(body: SyntaxNode): Member[] {
    const members: Member[] = [];
    let previousEnd = body.startIndex + 1;
    for (const fd of body.namedChildren) {
      const declStart = previousEnd;
      previousEnd = fd.endIndex;
      if (fd.type !== 'field_declaration') continue;
      const { type, declarators, declAttrs } = this.declarationParts(fd, declStart);
      const text = this.input.source.slice(fd.startIndex, fd.endIndex).replace(/\s+/g, ' ').trim();
      if (declarators.length === 0) {
        const typeNode = fd.childForFieldName('type');
        const anonymous =
          typeNode !== null &&
          RECORD_SPECIFIERS.has(typeNode.type) &&
          typeNode.childForFieldName('name') === null &&
          typeNode.childForFieldName('body') !== null;
        if (anonymous) members.push({ name: null, type, attrs: declAttrs, loc: this.loc(fd), text });
        const width = unnamedBitfieldWidth(fd);
        if (width !== null) {
          // an unnamed bit-field tree-sitter read as its type and an ERROR (unnamed-bitfields.ts)
          const member: Member = { name: null, type, attrs: declAttrs, loc: this.loc(fd), text };
          const bits = this.evalText(width);
          if (bits === null) this.diag(member.loc, `bit-field width of '(unnamed)' is not a constant: '${width}'`, 'error');
          else member.bitWidth = bits;
          members.push(member);
        }
        continue;
      }
      for (const d of declarators) {
        const own = d.node ? this.declaratorSites(d.node, d.end) : this.attrs.between(d.bitfield!.startIndex, d.end);
        const attrs = this.attributesOf(own, { ...declAttrs, ...(declAttrs.other ? { other: [...declAttrs.other] } : {}) });
        const { name, type: t } = d.node && !d.node.isMissing ? this.applyDeclarator(d.node, type) : { name: null, type };
        const member: Member = { name, type: withMode(t, attrs.mode, (f) => this.fact(f)), attrs, loc: this.loc(d.node ?? d.bitfield ?? fd), text };
        const incomplete = this.scope.incompleteRecord(t);
        if (incomplete) this.diag(member.loc, `field '${name ?? '(anonymous)'}' has incomplete type '${incomplete}'`, 'error');
        if (d.bitfield) {
          const expr = d.bitfield.namedChildren[0];
          const v = expr ? tryEvaluate(expr, this.evalCtx) : { error: 'missing width' };
          if ('error' in v) this.diag(member.loc, `bit-field width of '${name ?? '(unnamed)'}' is not a constant: ${v.error}`, 'error');
          else member.bitWidth = Number(v.value);
        }
        members.push(member);
      }
    }
    return members;
  }

  private anonId(loc: SourceLoc): string {
    const where = `${loc.file}:${loc.line}`;
    return `anon#${this.scope.nextAnon(where)}@${where}`;
  }

  // ---- enums ---------------------------------------------------------------------

  private enumType(node: SyntaxNode, trailing: AttributeSite[]): CType {
    const nameNode = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    const tag = nameNode ? nameNode.text : null;
    if (!body) {
      const known = tag !== null ? this.scope.tag(tag) : undefined;
      if (known) return { kind: 'enum', id: known.id };
      if (tag === null) return this.unknown('enum', node);
      const fwd: EnumDecl = { id: tag, tag, enumerators: [], attrs: {}, loc: this.loc(node) };
      this.scope.setTag(tag, fwd);
      this.scope.pushEnum(fwd);
      this.layoutQueries.changed();
      return { kind: 'enum', id: tag };
    }
    const loc = this.loc(node);
    const earlier = tag !== null ? this.scope.tag(tag) : undefined;
    let decl: EnumDecl;
    if (earlier && 'enumerators' in earlier && earlier.enumerators.length === 0) {
      decl = { ...earlier, loc, enumerators: [] };
      this.scope.replace(earlier, decl);
    } else {
      if (earlier) this.diag(loc, `redefinition of 'enum ${tag}'`, 'error');
      decl = { id: tag ?? this.anonId(loc), tag, enumerators: [], attrs: {}, loc };
      this.scope.setTag(decl.id, decl);
      this.scope.pushEnum(decl);
    }
    let next: IntValue = { value: 0n, type: INT };
    for (const e of body.namedChildren) {
      if (e.type !== 'enumerator') continue;
      const name = e.childForFieldName('name')?.text;
      if (!name) continue;
      const valueNode = e.childForFieldName('value');
      let value = next;
      if (valueNode) {
        const v = tryEvaluate(valueNode, this.evalCtx);
        if ('error' in v) this.diag(this.loc(e), enumeratorNotConstant(name, v.error, next.value), 'error');
        else value = v;
      }
      const typed = enumeratorValue(value.value);
      this.scope.setEnumerator(name, typed);
      decl.enumerators.push({ name, value: typed.value, loc: this.loc(e) });
      next = enumeratorValue(typed.value + 1n);
    }
    decl.attrs = this.attributesOf(
      [...this.attrs.between(node.startIndex, body.startIndex), ...trailing],
      {},
    );
    this.layoutQueries.changed();
    return { kind: 'enum', id: decl.id };
  }

  // ---- declarators ------------------------------------------------------------------

  /** Apply a (possibly abstract) declarator to a base type: `*x[3]` → array of 3 pointers. */
  applyDeclarator(start: SyntaxNode | null, base: CType): { name: string | null; type: CType } {
    return applyDeclarator(this.declarators, start, base);
  }

  private parameters(list: SyntaxNode | null): { params: { name: string | null; type: CType }[]; variadic: boolean } {
    return declaratorParameters(this.declarators, list);
  }

  private typeOfDescriptor(desc: SyntaxNode): CType {
    const typeNode = desc.childForFieldName('type');
    if (!typeNode) throw new NotConstant('incomplete type name');
    const base = this.typeFrom(typeNode, []);
    return this.applyDeclarator(desc.childForFieldName('declarator'), base).type;
  }

  // ---- attributes ----------------------------------------------------------------------

  /** Attribute sites of one declarator, up to `end`, leaving out those of its parameters. */
  private declaratorSites(declarator: SyntaxNode, end: number): AttributeSite[] {
    const sites = this.attrs.between(declarator.startIndex, end);
    if (sites.length === 0 || !declarator.text.includes('(')) return sites;
    const lists = declarator.descendantsOfType('parameter_list');
    if (lists.length === 0) return sites;
    return sites.filter((s) => !lists.some((l) => s.start >= l.startIndex && s.start < l.endIndex));
  }

  private attributesOf(sites: AttributeSite[], into: Attributes): Attributes {
    if (sites.length === 0) return into;
    return applyAttributes(into, sites, () => this.fact('biggestAlignment'), (args) => this.evalText(args), this.attributeProblems);
  }

  /** An integer constant expression given as text (constant-text.ts), evaluated in the current scope (null: not a constant). */
  private evalText(text: string): number | null {
    const c = constantText(text);
    if (c === null || typeof c === 'number') return c;
    const v = this.detachedEval(() => tryEvaluate(c, this.evalCtx));
    return 'error' in v ? null : Number(v.value);
  }

  /** One of the ABI's integer facts, noted as read (walk-reads.ts). */
  private fact<F extends AbiFact>(fact: F): AbiIntegers[F] {
    const value = this.ints[fact];
    this.scope.reads?.fact(fact, value);
    return value;
  }

  /** Records were changed outside the walk (diff-context placeholders, a replayed walk): lay out afresh. */
  invalidateLayoutView(): void {
    this.layoutQueries.changed();
  }

  // ---- locations and diagnostics --------------------------------------------------------------

  private loc(node: SyntaxNode): SourceLoc {
    // a detached node is in other text (a macro's expansion), whose rows are not the unit's
    if (this.detached > 0) return { file: MACRO_EXPANSION_FILE, line: 0 };
    return this.input.locate(this.input.row + node.startRow);
  }

  private locAt(offset: number): SourceLoc {
    let row = 0;
    for (let i = this.input.source.indexOf('\n'); i >= 0 && i < offset; i = this.input.source.indexOf('\n', i + 1)) row++;
    return this.input.locate(this.input.row + row);
  }

  diag(loc: SourceLoc, message: string, severity: 'error' | 'warning'): void {
    if (this.quiet > 0) return;
    this.scope.pushDiagnostic({ loc, message, severity });
  }
}

