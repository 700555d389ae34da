/**
 * SARIF 2.1.0 rendering of a Report, for GitHub code scanning and other
 * SARIF consumers: one run per invocation, every catalogue rule described
 * (id, short and full description, help), one result per finding located in
 * the post-image file of the patch that introduced it.
 */
import { createHash } from 'node:crypto';
import type { Finding, Level, Report } from '../report.ts';
import { describeRule, RULE_DESCRIPTIONS, type RuleDescription } from './rule-descriptions.ts';
import { catalogueEntry } from '../rule-catalogue.ts';
import { pinFinding } from './finding-location.ts';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://docs.kernel.org/process/botching-up-ioctls.html';

export interface SarifOptions {
  /**
   * runAutomationDetails.id: distinguishes separate analyses uploaded for the
   * same commit (GitHub's "category"). Default: none.
   */
  category?: string;
  /** Absolute URI of the source tree the post-image paths are relative to. */
  srcRootUri?: string;
}

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Level, SarifLevel> = { error: 'error', warning: 'warning', note: 'note' };

/** `uapi.member-renamed` → `UapiMemberRenamed` (SARIF's reportingDescriptor.name). */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** A rule the table does not know still gets honest metadata from its finding. */
/** A rule without a hand-written description: its catalogue summary, else a generic one. */
function fallbackRule(f: Finding): RuleDescription {
  const entry = catalogueEntry(f.rule);
  const summary = entry ? `${entry.summary.charAt(0).toUpperCase()}${entry.summary.slice(1)}` : null;
  return {
    id: f.rule,
    kind: f.kind,
    level: f.level,
    short: summary ?? `abi-check rule ${f.rule}`,
    full: summary ? `${summary} (abi-check rule ${f.rule}, kind ${f.kind}).` : `Finding of kind ${f.kind} reported by abi-check rule ${f.rule}.`,
    help: 'See the finding message for what changed and how to fix it.',
  };
}

function sarifRule(r: RuleDescription): object {
  return {
    id: r.id,
    name: ruleName(r.id),
    shortDescription: { text: r.short },
    fullDescription: { text: r.full },
    help: { text: r.help, markdown: `**${r.short}.** ${r.help}` },
    defaultConfiguration: { level: LEVEL[r.level] },
    properties: { tags: ['abi', r.kind], kind: r.kind },
  };
}

/** Percent-encode each path segment so the path is a valid uri-reference. */
function pathToUri(path: string): string {
  return path
    .replace(/^\/+/, '')
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

function fingerprint(f: Finding): string {
  return createHash('sha256').update(`${f.rule}\0${f.file}\0${f.symbol}`).digest('hex').slice(0, 32);
}

function resultMessage(f: Finding, report: Report): string {
  const patch = report.patches.find((p) => p.index === f.patch);
  const parts = [f.message];
  if (f.suggestion) parts.push(`Suggestion: ${f.suggestion}`);
  if (f.abis.length > 0) parts.push(`ABIs: ${f.abis.join(', ')}.`);
  if (patch) parts.push(`Introduced by patch ${patch.index}: ${patch.subject}`);
  return parts.join(' ');
}

function sarifResult(f: Finding, ruleIndex: number, report: Report): object {
  const result: Record<string, unknown> = {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.level],
    message: { text: resultMessage(f, report) },
    partialFingerprints: { 'abiCheckFinding/v1': fingerprint(f) },
    properties: { patch: f.patch, kind: f.kind, symbol: f.symbol, abis: f.abis },
  };
  const location: Record<string, unknown> = {};
  // GitHub code scanning rejects a result without a file location.
  const pin = pinFinding(report, f);
  if (pin) {
    const physical: Record<string, unknown> = {
      artifactLocation: { uri: pathToUri(pin.path), uriBaseId: '%SRCROOT%' },
    };
    if (pin.line !== null) physical.region = { startLine: pin.line };
    location.physicalLocation = physical;
    if (pin.fallback) (result.properties as Record<string, unknown>).locationIsStandIn = true;
  }
  if (f.symbol) location.logicalLocations = [{ fullyQualifiedName: f.symbol }];
  if (Object.keys(location).length > 0) result.locations = [location];
  return result;
}

export function renderSarif(report: Report, opts: SarifOptions = {}): object {
  const rules: RuleDescription[] = [...RULE_DESCRIPTIONS];
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  for (const f of report.findings) {
    if (!indexOf.has(f.rule)) {
      indexOf.set(f.rule, rules.length);
      rules.push(describeRule(f.rule) ?? fallbackRule(f));
    }
  }

  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        semanticVersion: /^\d+\.\d+\.\d+/.test(report.tool.version) ? report.tool.version : undefined,
        informationUri: INFORMATION_URI,
        rules: rules.map(sarifRule),
      },
    },
    invocations: [
      {
        executionSuccessful: true,
        toolExecutionNotifications: report.notes.map((n) => ({ level: 'note', message: { text: n } })),
      },
    ],
    results: report.findings.map((f) => sarifResult(f, indexOf.get(f.rule)!, report)),
    columnKind: 'unicodeCodePoints',
    properties: {
      series: report.input.series,
      verdict: report.summary.verdict,
      summary: report.summary,
    },
  };
  if (opts.category) run.automationDetails = { id: opts.category.endsWith('/') ? opts.category : `${opts.category}/` };
  if (opts.srcRootUri) {
    const uri = opts.srcRootUri.endsWith('/') ? opts.srcRootUri : `${opts.srcRootUri}/`;
    run.originalUriBaseIds = { '%SRCROOT%': { uri } };
  }
  // JSON round trip drops the `undefined` optional fields.
  return JSON.parse(JSON.stringify({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] })) as object;
}
