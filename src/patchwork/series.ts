/**
 * The Series model: what the acquisition stage hands to every later stage.
 * Plain data only (JSON-serialisable), no behaviour.
 */

export type InputKind =
  | 'patchwork-series'
  | 'patchwork-patch'
  | 'patchwork-cover'
  | 'mbox'
  | 'patch'
  | 'api-page'
  | 'message-id'
  | 'git-range'
  | 'example';

export interface Person {
  name: string | null;
  email: string;
}

/** One mail of the series (cover letter or patch) with the headers a reply needs. */
export interface MailMeta {
  /** Message-ID without angle brackets. */
  msgid: string;
  /** The original `Subject:` header, unfolded (not Patchwork's rewritten name). */
  subject: string;
  author: Person;
  /** ISO 8601 in UTC (timestamps without zone are taken as UTC). */
  date: string | null;
  /** Message-IDs without brackets. */
  inReplyTo: string | null;
  references: string[];
  to: Person[];
  cc: Person[];
}

export interface Patch extends MailMeta {
  /** 1-based position in the series. */
  index: number;
  /** Patchwork patch id when known. */
  id: number | null;
  /** Patchwork web URL when known. */
  webUrl: string | null;
  /** Commit message (body above the `---` separator), without the diff. */
  commitMessage: string;
  /** The unified diff text (starting at the first `diff --git` or `---` line). */
  diff: string;
  /** `base-commit:` trailer when present (in this patch or the cover). */
  baseCommit: string | null;
}

export interface Cover extends MailMeta {
  id: number | null;
  webUrl: string | null;
  body: string;
}

export interface Series {
  input: {
    kind: InputKind;
    /** What the user gave (id, URL, path, message-id). */
    target: string;
    /** Patchwork server base URL when fetched from one. */
    server: string | null;
    apiVersion: string | null;
    /**
     * Optional (added by the acquisition stage): the mail the user named when
     * it was one patch or cover of the series (by --patch, URL or message-id);
     * `index` is its position (0 = cover letter).
     */
    requested?: { kind: 'patch' | 'cover'; id: number | null; msgid: string; index: number };
  };
  /** Patchwork series id when known. */
  id: number | null;
  name: string | null;
  version: number;
  webUrl: string | null;
  project: string | null;
  /** Patchwork's received_all; false means the series is partial. */
  receivedAll: boolean;
  /** Total patches announced ([PATCH n/N]) when known. */
  total: number | null;
  cover: Cover | null;
  patches: Patch[];
  baseCommit: string | null;
  /** Human-readable notes from acquisition (offline fallbacks, partial series, damage). */
  notes: string[];
}
