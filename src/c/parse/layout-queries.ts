/**
 * sizeof, offsetof and member types for the constant evaluator, answered by
 * the layout engine (injected, so the front end holds no layout rules) while
 * the model is still being filled.
 */
import type { AbiName, MemberLayout, RecordLayout } from '../../abi/layout-types.ts';
import type { CType, EnumDecl, Member, RecordDecl, TypeModel } from '../type-model.ts';
import { NotConstant } from './c-integer.ts';
import { stripTypedefs } from './c-types.ts';

/** The layout engine's entry points (src/abi/layout), injected to keep the front end free of layout rules. */
export interface LayoutHooks {
  sizeAlignOf(model: TypeModel, type: CType, abi: AbiName): { size: number; align: number };
  layoutRecord(model: TypeModel, recordId: string, abi: AbiName): RecordLayout;
}

/** Hears of the questions asked (a walk's answers depend on them: walk-reads.ts). */
export interface LayoutWatch {
  /** A question answered otherwise: offsetof, a member's type, a sizeof that failed. */
  asked(): void;
  /** sizeof/_Alignof of `t` answered (a size read: size-reads.ts). */
  sized(t: CType, answer: { size: number; align: number }): void;
}

const NO_WATCH: LayoutWatch = { asked: () => {}, sized: () => {} };

export class LayoutQueries {
  /** Bumped whenever a declaration is added or completed (see view). */
  private version = 0;
  private snapshot: TypeModel | null = null;
  private snapshotVersion = -1;

  constructor(
    private readonly model: TypeModel,
    private readonly tags: ReadonlyMap<string, RecordDecl | EnumDecl>,
    private readonly layout: LayoutHooks | undefined,
    private readonly abi: AbiName,
    private readonly watch: LayoutWatch = NO_WATCH,
  ) {}

  /** A declaration was added or completed: later questions see a fresh snapshot. */
  changed(): void {
    this.version++;
  }

  /**
   * The layout engine memoises per model object and wants models left alone
   * after layout, while this one is still growing: it is shown a shallow
   * snapshot, renewed whenever a declaration was added or completed since.
   */
  private view(): TypeModel {
    if (!this.snapshot || this.snapshotVersion !== this.version) {
      const m = this.model;
      this.snapshot = { ...m, records: m.records.slice(), enums: m.enums.slice(), typedefs: m.typedefs.slice() };
      this.snapshotVersion = this.version;
    }
    return this.snapshot;
  }

  sizeAlignOf(t: CType): { size: number; align: number } {
    if (!this.layout) {
      this.watch.asked();
      throw new NotConstant('sizeof needs the layout engine');
    }
    let base = t;
    while (base.kind === 'typedef' || base.kind === 'array') base = base.kind === 'typedef' ? base.to : base.of;
    let sa: { size: number; align: number };
    try {
      if (base.kind === 'record' && this.tags.get(base.id) && this.layout.layoutRecord(this.view(), base.id, this.abi).partial) {
        // diff-context: only a lower bound is known, a value computed from it would look exact
        throw new NotConstant(`sizeof of a record the diff shows only in part`);
      }
      sa = this.layout.sizeAlignOf(this.view(), t, this.abi);
    } catch (e) {
      // a failure's message names the type's place: not an answer to share
      this.watch.asked();
      if (e instanceof NotConstant) throw e;
      throw new NotConstant(`sizeof: ${(e as Error).message}`);
    }
    this.watch.sized(t, sa);
    return sa;
  }

  private recordOf(t: CType): RecordDecl {
    const x = stripTypedefs(t);
    if (x.kind !== 'record') throw new NotConstant('not a struct or union');
    const rec = this.tags.get(x.id);
    if (!rec || !('members' in rec)) throw new NotConstant(`unknown record ${x.id}`);
    return rec;
  }

  offsetOf(t: CType, member: string): number {
    this.watch.asked();
    const rec = this.recordOf(t);
    if (!this.layout) throw new NotConstant('offsetof needs the layout engine');
    let layout: RecordLayout;
    try {
      layout = this.layout.layoutRecord(this.view(), rec.id, this.abi);
    } catch (e) {
      throw new NotConstant(`offsetof: ${(e as Error).message}`);
    }
    const off = findMemberOffset(layout.members, member);
    if (off === null) throw new NotConstant(`no member '${member}' in ${rec.kind} ${rec.tag ?? rec.id}`);
    return off;
  }

  memberType(t: CType, name: string): CType | undefined {
    this.watch.asked();
    const rec = this.recordOf(t);
    return findMemberType(rec.members, name, (id) => {
      const r = this.tags.get(id);
      return r && 'members' in r ? r : undefined;
    });
  }
}

function findMemberOffset(members: MemberLayout[], name: string): number | null {
  for (const m of members) {
    if (m.name === name) return m.offset;
    if (m.name === '(anon)' && m.members) {
      const inner = findMemberOffset(m.members, name);
      if (inner !== null) return m.offset + inner;
    }
  }
  return null;
}

function findMemberType(members: Member[], name: string, record: (id: string) => RecordDecl | undefined): CType | undefined {
  for (const m of members) {
    if (m.name === name) return m.type;
    if (m.name === null && m.type.kind === 'record') {
      const inner = record(m.type.id);
      const t = inner ? findMemberType(inner.members, name, record) : undefined;
      if (t) return t;
    }
  }
  return undefined;
}
