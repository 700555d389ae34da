/**
 * What the diff needs from the layout engine (src/abi/layout). Injected so the
 * diff stays a pure function of its inputs and can be tested on its own.
 */
import type { CType, TypeModel } from '../../c/type-model.ts';
import type { AbiName, RecordLayout } from '../layout-types.ts';

export interface LayoutEngine {
  layoutRecord(model: TypeModel, recordId: string, abi: AbiName): RecordLayout;
  sizeAlignOf(model: TypeModel, type: CType, abi: AbiName): { size: number; align: number };
}
