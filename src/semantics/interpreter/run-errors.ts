/**
 * Why an interpreted run stopped early. Each is an ordinary result of running
 * kernel code in the emulator, reported per scenario — never a crash of the tool.
 */

/** The run cannot continue: the emulator lacks something (a model, a construct, a definition). */
export class Unsupported extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Unsupported';
  }
}

/** A call to a function that is neither extracted code nor a kernel model. */
export class NoModel extends Unsupported {
  readonly callee: string;
  constructor(callee: string, where: string) {
    super(`no model for ${callee}() (called from ${where})`);
    this.name = 'NoModel';
    this.callee = callee;
  }
}

/** The kernel code did something that would oops or corrupt memory. */
export class KernelFault extends Error {
  readonly kind: 'null-deref' | 'err-ptr-deref' | 'out-of-bounds' | 'use-after-free' | 'double-free' | 'bad-free' | 'wild-pointer' | 'user-access' | 'bug';
  constructor(kind: KernelFault['kind'], message: string) {
    super(message);
    this.name = 'KernelFault';
    this.kind = kind;
  }
}

/** The step budget or memory cap ran out. */
export class BudgetExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetExceeded';
  }
}
