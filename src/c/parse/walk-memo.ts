/**
 * Walk memo: the declaration walk of a unit's leading inclusions, done once
 * and replayed by every later unit that begins with the same inclusions.
 *
 * Nearly every uAPI header begins by including <linux/types.h> (and its
 * chain), often <linux/ioctl.h> …; include replay (../preprocess/include-
 * replay.ts) reproduces such an inclusion as one recording object: the same
 * object means the same output rows, with the same origins. The walk
 * (extract-declarations.ts) is a function of the scope it starts from and of
 * the pieces it walks; at the start of a unit the scope is empty. So the
 * memo is a trie keyed by recording objects: the path from the root is the
 * sequence of inclusions the unit's output begins with, each edge holds the
 * scope changes its pieces' walk made (extractor-scope.ts), and a unit
 * following a path replays them instead of walking. Equal paths mean equal
 * scopes; nothing else needs checking.
 *
 * Edges are held weakly by their recording: when the preprocessor's replay
 * store drops a recording, the subtree below it goes too.
 */
import type { AbiName } from '../../abi/layout-types.ts';
import type { DeclarationExtractor } from './extract-declarations.ts';
import type { ScopeJournal } from './scope-journal.ts';
import type { LayoutHooks } from './layout-queries.ts';

export interface MemoEdge {
  /** The scope changes the walk of the inclusion's pieces made, in order. */
  ops: ScopeJournal;
  next: MemoNode;
}

export class MemoNode {
  private readonly edges = new WeakMap<object, MemoEdge>();

  /** The edge for this inclusion (its recording object), if one was walked from here. */
  get(inclusion: object): MemoEdge | undefined {
    return this.edges.get(inclusion);
  }

  /** Remembers the walk of `inclusion` from here; the node it leads to. */
  add(inclusion: object, ops: ScopeJournal): MemoNode {
    const next = new MemoNode();
    this.edges.set(inclusion, { ops, next });
    return next;
  }
}

/** What the walk depends on besides the pieces: the extractor's options (layout hooks by identity). */
export interface WalkConfig {
  abi: AbiName;
  kernel: boolean;
  fallbackTypes: boolean;
  layout?: LayoutHooks;
}

const NO_LAYOUT = {};
const roots = new WeakMap<object, Map<string, MemoNode>>();

/** The root of the trie for walks with these options. */
export function memoRoot(config: WalkConfig): MemoNode {
  const hooks = config.layout ?? NO_LAYOUT;
  let byOptions = roots.get(hooks);
  if (!byOptions) roots.set(hooks, (byOptions = new Map()));
  const key = `${config.abi}/${config.kernel}/${config.fallbackTypes}`;
  let root = byOptions.get(key);
  if (!root) byOptions.set(key, (root = new MemoNode()));
  return root;
}

/** Makes the changes a recorded walk made, on a scope in the state that walk started from. */
export function replayWalk(extractor: DeclarationExtractor, ops: ScopeJournal): void {
  extractor.scope.apply(ops);
  extractor.invalidateLayoutView();
}
