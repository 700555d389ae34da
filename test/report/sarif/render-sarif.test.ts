import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { renderSarif } from '../../../src/report/sarif/render-sarif.ts';
import { RULE_DESCRIPTIONS } from '../../../src/report/sarif/rule-descriptions.ts';
import { exampleFindings, exampleReport } from '../email/example-series.ts';

// The SARIF 2.1.0 schema as shipped by Microsoft's sarif-sdk (npm package
// @microsoft/sarif-multitool-linux 5.7.0, file sarif-2.1.0.json), copied
// unchanged; see README.md next to it.
const schema = JSON.parse(readFileSync(new URL('./sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS: module.exports is the plugin and .default the same plugin
const addFormats = addFormatsModule.default;
addFormats(ajv);
const validate = ajv.compile(schema);

function valid(log: object): void {
  const ok = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
  expect(ok).toBe(true);
}

const CATALOGUE = [
  'uapi.size-changed', 'uapi.align-changed', 'uapi.member-offset-changed', 'uapi.member-removed',
  'uapi.member-type-changed', 'uapi.type-removed', 'uapi.enum-value-changed', 'uapi.macro-value-changed',
  'uapi.ioctl-number-changed', 'uapi.member-renamed', 'uapi.type-renamed', 'uapi.macro-removed',
  'uapi.counted-by-dropped', 'uapi.counted-by-changed', 'uapi.flex-array-changed', 'uapi.implicit-padding',
  'uapi.abi-dependent-layout', 'uapi.non-fixed-width-type', 'uapi.unaligned-u64', 'uapi.reserved-unchecked',
  'uapi.flags-unvalidated', 'uapi.array-count-mismatch', 'kabi.member-inserted', 'kabi.member-removed',
  'kabi.ops-changed', 'behaviour.legacy-changed', 'behaviour.new-accepted', 'behaviour.leak',
  'behaviour.double-free', 'behaviour.use-after-free', 'behaviour.user-fault', 'behaviour.unvalidated-input',
  'uapi.type-added', 'uapi.member-added', 'uapi.enum-added', 'uapi.macro-added',
];

describe('renderSarif', () => {
  it('the schema rejects what is not SARIF (the validator is live)', () => {
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'fatal', message: { text: 'x' } }] }] })).toBe(false);
  });

  it('renders a schema-valid log of one run with every catalogue rule described', () => {
    const log = renderSarif(exampleReport()) as any;
    valid(log);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'abi-check', version: '0.1.0' });
    const ids = driver.rules.map((r: any) => r.id);
    for (const id of CATALOGUE) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of driver.rules) {
      expect(r.shortDescription.text.length).toBeGreaterThan(5);
      expect(r.fullDescription.text.length).toBeGreaterThan(r.shortDescription.text.length);
      expect(r.help.text.length).toBeGreaterThan(5);
      expect(['error', 'warning', 'note']).toContain(r.defaultConfiguration.level);
    }
    expect(RULE_DESCRIPTIONS.length).toBe(CATALOGUE.length);
  });

  it('places each finding at its line of the post-image file with its level', () => {
    const log = renderSarif(exampleReport()) as any;
    const run = log.runs[0];
    expect(run.results).toHaveLength(exampleFindings().length);
    const renamed = run.results.find((r: any) => r.ruleId === 'uapi.member-renamed');
    expect(renamed.level).toBe('error');
    expect(run.tool.driver.rules[renamed.ruleIndex].id).toBe('uapi.member-renamed');
    expect(renamed.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'include/uapi/linux/vfio.h', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1530 },
    });
    expect(renamed.locations[0].logicalLocations[0].fullyQualifiedName).toBe('struct vfio_device_feature_dma_buf.dma_ranges');
    expect(renamed.message.text).toContain('renamed to entries');
    expect(renamed.message.text).toContain('Suggestion:');
    expect(renamed.message.text).toContain('[PATCH v1 1/2]');
    expect(run.results.find((r: any) => r.ruleId === 'uapi.counted-by-dropped').level).toBe('warning');
    expect(run.results.find((r: any) => r.ruleId === 'kabi.ops-changed').level).toBe('note');
    expect(run.properties.verdict).toBe('breaking');
  });

  it('stays valid for findings without line or file, unknown rules and odd paths', () => {
    const report = exampleReport([
      { rule: 'uapi.size-changed', level: 'error', kind: 'binary', patch: 1, file: 'include/uapi/linux/a b#c.h', line: null, symbol: 'struct x', abis: ['i386'], message: 'size changed' },
      { rule: 'uapi.brand-new-rule', level: 'warning', kind: 'design', patch: 0, file: '', line: null, symbol: '', abis: [], message: 'series-wide' },
    ]);
    const log = renderSarif(report, { category: 'abi-check/linux-pci', srcRootUri: 'file:///src/linux' }) as any;
    valid(log);
    const run = log.runs[0];
    expect(run.results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'include/uapi/linux/a%20b%23c.h', uriBaseId: '%SRCROOT%' } });
    // code scanning needs a file for every result: series-wide findings stand on the series' first file
    expect(run.results[1].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'include/uapi/linux/vfio.h', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 },
    });
    expect(run.results[1].properties.locationIsStandIn).toBe(true);
    expect(run.results[0].properties.locationIsStandIn).toBeUndefined();
    expect(run.tool.driver.rules[run.results[1].ruleIndex].id).toBe('uapi.brand-new-rule');
    expect(run.automationDetails.id).toBe('abi-check/linux-pci/');
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///src/linux/');
    // stable fingerprints: the same finding fingerprints the same
    expect((renderSarif(report) as any).runs[0].results[0].partialFingerprints).toEqual(run.results[0].partialFingerprints);
  });

  it('describes a catalogue rule without a hand-written description by its summary', () => {
    const report = exampleReport([
      { rule: 'uapi.struct-appended', level: 'warning', kind: 'binary', patch: 1, file: 'include/uapi/linux/vfio.h', line: 3, symbol: 'struct x', abis: ['x86_64'], message: 'grows' },
    ]);
    const log = renderSarif(report) as any;
    valid(log);
    const rule = log.runs[0].tool.driver.rules[log.runs[0].results[0].ruleIndex];
    expect(rule.shortDescription.text).toBe('A uAPI struct grows with its old members untouched: compatible only if the kernel takes the size from the caller');
    expect(rule.fullDescription.text).toContain('(abi-check rule uapi.struct-appended, kind binary)');
  });

  it('renders a clean report as a valid log with no results', () => {
    const log = renderSarif(exampleReport([])) as any;
    valid(log);
    expect(log.runs[0].results).toEqual([]);
  });
});
