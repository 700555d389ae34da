/**
 * Why a type cannot be laid out. All are InputErrors: they describe the C
 * being analysed (an incomplete or unknown type, a record containing itself),
 * not a bug of the tool, and carry `file:line` of the offending declaration.
 */
import { InputError } from '../../errors.ts';
import type { SourceLoc } from '../../c/type-model.ts';

export class LayoutError extends InputError {
  constructor(where: SourceLoc | string, problem: string) {
    super(typeof where === 'string' ? where : `${where.file}:${where.line}`, problem);
    this.name = 'LayoutError';
  }
}
