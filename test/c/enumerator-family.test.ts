import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { enumeratorOnLine, familyOf, leavesFamily } from '../../src/c/enumerator-family.ts';

describe('enumerator families', () => {
  it('reads the enumerator a body line declares', () => {
    expect(enumeratorOnLine('\tETHTOOL_A_PAUSE_RX,\t\t\t\t/* u8 */')).toBe('ETHTOOL_A_PAUSE_RX');
    expect(enumeratorOnLine('\tETHTOOL_A_PAUSE_MAX = (__ETHTOOL_A_PAUSE_CNT - 1)')).toBe('ETHTOOL_A_PAUSE_MAX');
    expect(enumeratorOnLine('\t__u32 flags;')).toBeNull();
    expect(enumeratorOnLine('ETHTOOL_A_PAUSE_RX,')).toBeNull(); // not indented: not in a body
  });
  it('is the shared prefix up to an underscore, leading underscores aside', () => {
    expect(familyOf(['ETHTOOL_A_PAUSE_RX', 'ETHTOOL_A_PAUSE_STATS', '__ETHTOOL_A_PAUSE_CNT'])).toBe('ETHTOOL_A_PAUSE_');
    expect(familyOf(['NL80211_RATE_INFO_EHT_GI'])).toBe('NL80211_RATE_INFO_EHT_');
    expect(familyOf(['NUM_NL80211_ATTR', 'NL80211_ATTR_MAX'])).toBe('');
  });
  it('tells a name of another family', () => {
    expect(leavesFamily(['ETHTOOL_A_PAUSE_RX', '__ETHTOOL_A_PAUSE_CNT'], 'ETHTOOL_A_TSINFO_TX_TYPES')).toBe(true);
    expect(leavesFamily(['ETHTOOL_A_PAUSE_RX', '__ETHTOOL_A_PAUSE_CNT'], 'ETHTOOL_A_PAUSE_STATS_SRC')).toBe(false);
    expect(leavesFamily(['NUM_NL80211_ATTR', 'NL80211_ATTR_MAX'], 'ANYTHING')).toBe(false);
  });
  it('every name of a family is of it', () => {
    const word = fc.stringMatching(/^[A-Z][A-Z0-9]{0,5}$/);
    fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 3 }), fc.array(word, { minLength: 1, maxLength: 6 }), (stem, tails) => {
      const names = tails.map((t) => `${stem.join('_')}_${t}`);
      return names.every((n) => !leavesFamily(names, n) && !leavesFamily(names, `__${n}`));
    }));
  });
});
