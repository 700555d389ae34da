/**
 * Errors the user can act on. The CLI prints `abi-check: <input>: <problem>`
 * on one line and exits with `exitCode`; anything else is a bug and is
 * reported as an internal error (still without a stack trace unless
 * ABI_CHECK_DEBUG is set).
 */
export class InputError extends Error {
  readonly input: string;
  readonly problem: string;
  readonly exitCode: number;

  constructor(input: string, problem: string, exitCode = 1) {
    super(`${input}: ${problem}`);
    this.name = 'InputError';
    this.input = input;
    this.problem = problem;
    this.exitCode = exitCode;
  }
}

/** Bad command-line usage (exit code 3, DESIGN.md). */
export class UsageError extends InputError {
  constructor(problem: string) {
    super('usage', problem, 3);
    this.name = 'UsageError';
  }
}
