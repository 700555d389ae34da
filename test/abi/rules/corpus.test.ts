/**
 * The rule corpus: for every rule a small before/after pair that must fire it
 * and a near miss that must not, through the real C front end on all 14 ABIs.
 */
import { describe, expect, it } from 'vitest';
import { ABI_NAMES, type AbiName } from '../../../src/abi/layout-types.ts';
import { RULES } from '../../../src/abi/rules/index.ts';
import { corpusFiles, readCorpus, runCase } from './corpus-runner.ts';

const ABIS: AbiName[] = [...ABI_NAMES];
const files = corpusFiles();

describe('rule corpus', () => {
  it('has a case for every rule in the catalogue', () => {
    expect(files.map((f) => f.replace(/\.txt$/, '')).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  for (const file of files) {
    const c = readCorpus(file);
    it(`${c.rule}: fires on the case, not on the near miss`, () => {
      const fired = runCase(c, 'fire', ABIS);
      expect(fired.map((f) => f.rule), c.about).toContain(c.rule);
      for (const f of fired.filter((x) => x.rule === c.rule)) {
        expect(f.message.length).toBeGreaterThan(20);
        expect(f.abis.length).toBeGreaterThan(0);
      }
      const quiet = runCase(c, 'quiet', ABIS);
      expect(quiet.filter((f) => f.rule === c.rule)).toEqual([]);
    });
  }
});

describe('near misses a maintainer would not want to hear about', () => {
  const none = (file: string) => runCase(readCorpus(file), 'quiet', ABIS);
  it.each([
    ['comment-only change', 'uapi.type-added.txt'],
    ['comment-only change beside __counted_by', 'uapi.counted-by-dropped.txt'],
    ['whitespace-only change', 'uapi.macro-removed.txt'],
    ['reordered #defines (one rewritten as an equal expression)', 'uapi.macro-value-changed.txt'],
    ['reordered #defines', 'uapi.macro-added.txt'],
    ['reordered enumerators with explicit values', 'uapi.enum-added.txt'],
    ['same type spelled differently', 'uapi.member-type-changed.txt'],
  ])('%s: no findings at all', (_what, file) => {
    expect(none(file)).toEqual([]);
  });

  it.each([
    ['member appended to an extensible (argsz) struct', 'uapi.size-changed.txt'],
    ['members wrapped with __struct_group', 'uapi.member-renamed.txt'],
    ['member moved into an anonymous union at the same offset', 'uapi.member-offset-changed.txt'],
    ['member wrapped in an anonymous struct', 'uapi.member-removed.txt'],
    ['_IO request without size while its argsz struct grows', 'uapi.ioctl-number-changed.txt'],
    ['value inserted before a sentinel', 'uapi.sentinel-moved.txt'],
    ['DRM ioctl argument appended to (drm_ioctl copies the caller\'s size)', 'uapi.ioctl-size-from-request.txt'],
  ])('%s: nothing worse than a note', (_what, file) => {
    const c = readCorpus(file);
    const onFire = file === 'uapi.sentinel-moved.txt' || file === 'uapi.ioctl-size-from-request.txt';
    const fs = runCase(c, onFire ? 'fire' : 'quiet', ABIS);
    expect(fs.filter((f) => f.level !== 'note')).toEqual([]);
  });
});
