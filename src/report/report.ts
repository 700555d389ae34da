/**
 * The Report: abi-check's stable output contract (schema abi-check/report@1,
 * DESIGN.md). Computed once by the pipeline, rendered by separate reporters.
 */
import type { RecordLayout } from '../abi/layout-types.ts';

export const REPORT_SCHEMA = 'abi-check/report@1';

export type Level = 'error' | 'warning' | 'note';
export type FindingKind = 'binary' | 'source' | 'design' | 'semantic' | 'kabi';
export type Verdict = 'compatible' | 'additive' | 'breaking';
export type ScenarioVerdict = 'unchanged' | 'new-accepted' | 'newly-rejected' | 'changed' | 'error';

export interface Finding {
  /** Stable rule id, e.g. `uapi.member-renamed`. */
  rule: string;
  level: Level;
  kind: FindingKind;
  /** 1-based index of the patch that introduced it; 0 = series-wide. */
  patch: number;
  /** Path in that patch's post-image. */
  file: string;
  line: number | null;
  /** e.g. `struct vfio_device_feature_dma_buf.dma_ranges`. */
  symbol: string;
  abis: string[];
  message: string;
  before?: unknown;
  after?: unknown;
  suggestion?: string;
}

export interface HunkReport {
  status: 'exact' | 'offset' | 'fuzz' | 'whitespace' | 'already-applied' | 'failed';
  offset: number;
  fuzz: number;
}

export interface PatchReport {
  index: number;
  id: number | null;
  msgid: string;
  subject: string;
  author: string;
  date: string | null;
  applied: { path: string; hunks: HunkReport[] }[];
}

export interface ScenarioReport {
  name: string;
  input: unknown;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  verdict: ScenarioVerdict;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  tool: { name: 'abi-check'; version: string };
  input: {
    kind: string;
    target?: string;
    server?: string | null;
    series: {
      id: number | null;
      name: string | null;
      version: number;
      url: string | null;
      receivedAll: boolean;
      total: number | null;
      cover: { msgid: string; subject: string } | null;
    };
  };
  base: {
    source: 'tree' | 'github' | 'diff-context';
    files: { path: string; blob: string | null; exact: boolean; source?: 'tree' | 'github' | 'diff-context'; how?: string }[];
  };
  patches: PatchReport[];
  findings: Finding[];
  /** struct name → abi → before/after layout (null when absent on that side). */
  layouts: Record<string, Record<string, { before: RecordLayout | null; after: RecordLayout | null }>>;
  behaviour: { scenarios: ScenarioReport[]; notes?: string[] };
  notes: string[];
  summary: { errors: number; warnings: number; notes: number; verdict: Verdict };
}

/** Exit codes (abidiff's bitmask, DESIGN.md). */
export const EXIT = {
  ok: 0,
  toolError: 1,
  usage: 3,
  abiChanged: 4,
  incompatible: 12,
} as const;
