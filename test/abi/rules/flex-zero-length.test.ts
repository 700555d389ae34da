/**
 * `[0]` → `[]`, the hardening conversion the kernel makes everywhere, keeps
 * every size and offset: no finding. Where the struct is embedded in another
 * one of the file, a flexible array member is no longer allowed there: still
 * a warning. `[1]` → `[]` changes sizeof: a warning (the corpus case).
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386', 'aarch64'];

function found(before: string, after: string) {
  const side = { before, after, code: null };
  return runChange('include/uapi/linux/demo.h', side, ABIS);
}

describe('[0] → []', () => {
  const rxnfc = (arr: string) => `struct demo_rxnfc {\n\t__u32 cmd;\n\t__u32 rule_cnt;\n\t__u32 rule_locs${arr};\n};\n`;

  it('is no finding when nothing embeds the struct (ethtool_rxnfc.rule_locs)', () => {
    expect(found(rxnfc('[0]'), rxnfc('[]'))).toEqual([]);
  });

  it('is a warning when another struct of the file embeds it', () => {
    const outer = 'struct demo_outer {\n\tstruct demo_rxnfc inner;\n\t__u32 tail;\n};\n';
    expect(found(rxnfc('[0]') + outer, rxnfc('[]') + outer).map((f) => f.rule)).toContain('uapi.flex-array-changed');
  });
});
