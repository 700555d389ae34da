/**
 * An in-kernel member wrapped into an anonymous struct or union keeps its
 * name: code still writes `dev->priv_flags`. Linux 6.9 did that to
 * net_device's priv_flags (`struct_group(priv_flags_fast, …)` at the start
 * of the struct), and abi-check said net_device "loses priv_flags".
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386'];
const PATH = 'include/linux/demo_netdev.h';

const BEFORE = 'struct demo_netdev {\n\tchar name[16];\n\tunsigned long long priv_flags;\n\tconst void *ops;\n\tint mtu;\n};\n';

function kabi(after: string) {
  return runChange(PATH, { before: BEFORE, after, code: null }, ABIS).filter((f) => f.rule.startsWith('kabi.'));
}

describe('a member wrapped into an anonymous aggregate', () => {
  it('is not removed, and where it moves it is listed with the others', () => {
    const after = 'struct demo_netdev {\n\tunion {\n\t\tstruct {\n\t\t\tunsigned long priv_flags:32;\n\t\t\tunsigned long lltx:1;\n\t\t};\n\t\tstruct {\n\t\t\tunsigned long priv_flags:32;\n\t\t\tunsigned long lltx:1;\n\t\t} priv_flags_fast;\n\t};\n\tchar name[16];\n\tconst void *ops;\n\tint mtu;\n};\n';
    const found = kabi(after);
    expect(found.filter((f) => f.rule === 'kabi.member-removed')).toEqual([]);
    // what moved is still told, by what made room: the group at the start, with the names it brings
    const inserted = found.filter((f) => f.rule === 'kabi.member-inserted');
    expect(inserted.map((f) => f.symbol)).toEqual(['struct demo_netdev.lltx']);
    expect(inserted[0]!.message).toContain('gains an anonymous struct or union with `lltx`, `priv_flags_fast` at the start, before `name`');
    expect(inserted[0]!.message).toContain('name 0→8');
    expect(inserted[0]!.message).toContain('priv_flags 16→0');
  });

  it('is still removed when it is gone from every level', () => {
    const after = 'struct demo_netdev {\n\tunion {\n\t\tstruct {\n\t\t\tunsigned long lltx:1;\n\t\t};\n\t\tunsigned long raw;\n\t};\n\tchar name[16];\n\tconst void *ops;\n\tint mtu;\n};\n';
    expect(kabi(after).filter((f) => f.rule === 'kabi.member-removed').map((f) => f.symbol)).toEqual(['struct demo_netdev.priv_flags']);
  });

  it('an anonymous union that was there and gains members within is not inserted', () => {
    // as struct page's big union in 6.7 (pp_ref_count among page_pool's members)
    const before = 'struct demo_page {\n\tunsigned long flags;\n\tunion {\n\t\tstruct {\n\t\t\tvoid *lru;\n\t\t\tvoid *mapping;\n\t\t};\n\t\tstruct {\n\t\t\tunsigned long pp_magic;\n\t\t};\n\t};\n\tint refcount;\n};\n';
    const after = before.replace('\t\t\tunsigned long pp_magic;\n', '\t\t\tunsigned long pp_magic;\n\t\t\tunsigned long pp_ref_count;\n');
    expect(runChange('include/linux/demo_page.h', { before, after, code: null }, ABIS).filter((f) => f.rule.startsWith('kabi.'))).toEqual([]);
  });

  it('a new anonymous union after another anonymous member is placed after it, not at the start', () => {
    // as struct folio in 6.10: unions of page-sized overlays follow the first one
    const before = 'struct demo_folio {\n\tunion {\n\t\tstruct {\n\t\t\tunsigned long flags;\n\t\t};\n\t\tchar page[16];\n\t};\n\tint pincount;\n};\n';
    const after = before.replace('\tint pincount;\n', '\tunion {\n\t\tstruct {\n\t\t\tunsigned long head_1;\n\t\t};\n\t\tchar page_1[16];\n\t};\n\tint pincount;\n');
    const found = runChange('include/linux/demo_folio.h', { before, after, code: null }, ABIS).filter((f) => f.rule === 'kabi.member-inserted');
    expect(found.map((f) => f.message)).toEqual([expect.stringContaining('gains an anonymous struct or union with `head_1`, `page_1` after an anonymous member, before `pincount`, not at the end. 1 member moves on x86_64: pincount 16→32.')]);
  });
});
