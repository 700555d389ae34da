/**
 * A file's comparison as the series-level stages keep it once the file's
 * rules have run: without the models its record sides point into. The
 * stages after the passes (the report's layouts, grown records, new ioctl
 * families, notes) read layouts, requests and texts, never a model, and an
 * in-kernel header's model holds its whole include closure (10-40 MB): a
 * series changing a hundred in-kernel headers kept every one of them to the
 * end of the run.
 */
import type { FileDiff, RecordChange, RecordSide } from './types.ts';

export type SettledRecordSide = Omit<RecordSide, 'model'>;

export interface SettledRecordChange extends Omit<RecordChange, 'before' | 'after'> {
  before: SettledRecordSide | null;
  after: SettledRecordSide | null;
}

export interface SettledFileDiff extends Omit<FileDiff, 'records'> {
  records: SettledRecordChange[];
}

function settledSide(side: RecordSide | null): SettledRecordSide | null {
  if (!side) return null;
  const { model: _model, ...rest } = side;
  return rest;
}

export function settledDiff(diff: FileDiff): SettledFileDiff {
  return { ...diff, records: diff.records.map((c) => ({ ...c, before: settledSide(c.before), after: settledSide(c.after) })) };
}
