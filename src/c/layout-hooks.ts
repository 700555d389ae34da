/**
 * The layout engine as the front end asks it (sizeof, _Alignof, offsetof in
 * constant expressions): one object for every unit, since the front end's
 * walk memo is kept per layout hooks (parse/walk-memo.ts).
 */
import { layoutRecord, sizeAlignOf } from '../abi/layout/index.ts';
import type { LayoutHooks } from './parse/parse-translation-unit.ts';

export const LAYOUT_HOOKS: LayoutHooks = { sizeAlignOf, layoutRecord };
