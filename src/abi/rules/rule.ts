/**
 * A rule reads the comparison of one file (and, for the rules about kernel
 * behaviour, the code the same patch changes) and returns findings. Rules never
 * compute layouts or parse C themselves: that was done once, in src/abi/diff.
 */
import type { AbiName } from '../layout-types.ts';
import type { FileDiff } from '../diff/types.ts';
import type { Finding, FindingKind, Level } from '../../report/report.ts';
import type { PathScope } from '../classify-path.ts';
import type { OpImplementation } from '../diff/op-implementations.ts';
import type { FunctionCall } from '../diff/function-calls.ts';
import type { VariableDeclaration } from '../diff/variable-declarations.ts';
import type { StaleVariableUse } from '../diff/variable-uses.ts';

/** A stretch of kernel C the patch changed: a whole function when the front end found one,
 *  else a contiguous run of known post-image lines around a hunk (diff context). */
export interface CodeUnit {
  path: string;
  /** Function name when known. */
  name: string | null;
  /** 1-based post-image line of the first line of `text`. */
  startLine: number;
  text: string;
  /** Only part of the function is known (diff context): absence of a check is less certain. */
  partial?: boolean;
}

export interface RuleContext {
  /** 1-based patch index; 0 = the series end to end. */
  patch: number;
  diff: FileDiff;
  /** Kernel code changed by the same patch (empty for the series-wide pass). */
  code: CodeUnit[];
  /**
   * Kernel code changed by any patch of the series, each as its patch left it,
   * and, with a kernel tree, the tree's functions that name a struct the
   * series changes (files the series does not touch): the evidence of how
   * the kernel copies a struct (code/struct-copies.ts), the same for every
   * pass, so per-patch and end-to-end verdicts agree.
   */
  seriesCode: CodeUnit[];
  /**
   * The functions .c files put in the op slots whose signature the series
   * changes (src/abi/diff/op-implementations.ts): in the files the series
   * touches as it leaves them and, with a kernel tree, in the tree's other
   * files. The same for every pass.
   */
  implementations: OpImplementation[];
  /**
   * The calls of the functions whose parameter count the series changes
   * (src/abi/diff/function-calls.ts), read the same way. The same for every pass.
   */
  calls: FunctionCall[];
  /**
   * The file-scope definitions and `extern` declarations of the variables
   * whose type the series changes (src/abi/diff/variable-declarations.ts),
   * read the same way. The same for every pass.
   */
  variableDeclarations: VariableDeclaration[];
  /** The uses of variables made the object they pointed to, or back, still treating them as the old type (src/abi/diff/variable-uses.ts), read the same way. */
  variableUses: StaleVariableUse[];
  abis: AbiName[];
}

export interface Rule {
  id: string;
  level: Level;
  kind: FindingKind;
  /** What the rule checks, one line (for --list-rules and docs). */
  summary: string;
  /** Path scopes the rule reads. */
  scopes: PathScope[];
  /** Reads the kernel code the patch changed (so it runs per patch, not for the series end to end). */
  readsCode?: boolean;
  check(ctx: RuleContext): Finding[];
}

export type FindingBody = Omit<Finding, 'rule' | 'level' | 'kind' | 'patch' | 'file'> & { file?: string };

export function defineRule(def: Omit<Rule, 'check'> & { check: (ctx: RuleContext, emit: (f: FindingBody) => void) => void }): Rule {
  return {
    ...def,
    check(ctx) {
      const out: Finding[] = [];
      def.check(ctx, (f) => {
        const { file, ...rest } = f;
        out.push({ rule: def.id, level: def.level, kind: def.kind, patch: ctx.patch, file: file ?? ctx.diff.path, ...rest });
      });
      return out;
    },
  };
}
