import type { SourceLoc } from '../type-model.ts';

/** A problem found while preprocessing, at the original file and line. */
export interface PpDiagnostic {
  loc: SourceLoc;
  message: string;
  severity: 'error' | 'warning';
}

export function diag(file: string, line: number, message: string, severity: 'error' | 'warning' = 'error'): PpDiagnostic {
  return { loc: { file, line }, message, severity };
}
