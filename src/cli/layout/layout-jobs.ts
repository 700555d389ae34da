/**
 * The plain-data vocabulary shared by the parallel layout runner and its
 * workers: jobs, their results, and how a batch of jobs is run in one thread.
 */
import type { AbiName } from '../../abi/layout-types.ts';
import { InputError } from '../../errors.ts';
import { layoutHeaderFile, type HeaderFileLayout } from './header-file-layout.ts';

/** One header (as given on the command line) on one ABI. */
export interface LayoutJob {
  file: string;
  abi: AbiName;
}

/** A job whose header could not be found or read: the InputError, as data. */
export interface LayoutJobError {
  /** The one-line message, `<input>: <problem>`. */
  error: string;
  input: string;
  problem: string;
}

export type LayoutJobResult = HeaderFileLayout | LayoutJobError;

export function isLayoutJobError(r: LayoutJobResult): r is LayoutJobError {
  return 'error' in r;
}

/** The InputError a LayoutJobError stands for (thrown where the sequential command would have thrown it). */
export function inputErrorOf(r: LayoutJobError): InputError {
  return new InputError(r.input, r.problem);
}

/** Runs one job; an InputError becomes a LayoutJobError, anything else (a bug) is thrown. */
export function runLayoutJob(job: LayoutJob, includeDirs: string[]): LayoutJobResult {
  try {
    return layoutHeaderFile(job.file, includeDirs, job.abi);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { error: e.message, input: e.input, problem: e.problem };
  }
}

/**
 * The jobs grouped by header, headers in order of first appearance: a group
 * is the unit a worker takes, so one thread parses one header for all its
 * ABIs (the front end caches declaration parses per thread, and the same
 * header on several ABIs shares most of its declarations).
 */
export function groupJobsByHeader(jobs: readonly LayoutJob[]): { file: string; indices: number[] }[] {
  const groups = new Map<string, number[]>();
  jobs.forEach((j, i) => {
    const g = groups.get(j.file);
    if (g) g.push(i);
    else groups.set(j.file, [i]);
  });
  return [...groups].map(([file, indices]) => ({ file, indices }));
}

/** Lets finalizers run: tree-sitter's native trees are freed only between event-loop turns. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
