import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runB4Check } from '../../src/cli/b4-check.ts';
import { InputError } from '../../src/errors.ts';
import type { Report } from '../../src/report/report.ts';
import { EXAMPLE_MBOX, exampleFindings, exampleReport } from '../report/email/example-series.ts';

/** The three mails of the example series as b4 would pipe them (raw RFC 2822). */
const MAILS = readFileSync(EXAMPLE_MBOX, 'utf8').split(/^From \S+ .*\d{4}\n/m).filter((m) => m.trim() !== '');
const [COVER, PATCH1] = [MAILS[0]!, MAILS[1]!];

describe('runB4Check', () => {
  it("analyses a patch mail and prints b4's check-cmd JSON", async () => {
    const seen: string[] = [];
    const out = await runB4Check(PATCH1, async (text) => {
      seen.push(text);
      return exampleReport();
    });
    expect(seen).toEqual([PATCH1]);
    const list = JSON.parse(out);
    expect(Array.isArray(list)).toBe(true);
    expect(list).toHaveLength(1);
    const r = list[0];
    expect(Object.keys(r).sort()).toEqual(['details', 'status', 'summary', 'tool']);
    expect(r.tool).toBe('abi-check');
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('breaking: 1 error, 1 warning, 2 notes: uapi.member-renamed, uapi.counted-by-dropped, kabi.ops-changed, behaviour.new-accepted');
    expect(typeof r.details).toBe('string');
    const details = JSON.parse(r.details);
    // most severe first, like b4's own checkpatch details
    expect(details.map((d: any) => d.status)).toEqual(['fail', 'warn', 'pass', 'pass']);
    const reordered = JSON.parse(JSON.parse(await runB4Check(PATCH1, async () => exampleReport([...exampleFindings()].reverse())))[0].details);
    expect(reordered.map((d: any) => d.status)).toEqual(['fail', 'warn', 'pass', 'pass']);
    expect(details[0].description).toMatch(/^include\/uapi\/linux\/vfio\.h:1530: uapi\.member-renamed: /);
  });

  it('maps warnings to warn and a clean report to pass, with a url when given', async () => {
    const warnOnly = JSON.parse(await runB4Check(PATCH1, async () => exampleReport(exampleFindings().slice(1))));
    expect(warnOnly[0].status).toBe('warn');
    const clean = JSON.parse(await runB4Check(PATCH1, async () => exampleReport([]), { url: 'https://ci.example.org/r/1' }));
    expect(clean).toEqual([{ tool: 'abi-check', status: 'pass', summary: 'no uAPI/ABI issues found', url: 'https://ci.example.org/r/1' }]);
  });

  it('passes a cover letter without analysing it', async () => {
    let called = false;
    const out = JSON.parse(await runB4Check(COVER, async () => {
      called = true;
      return {} as Report;
    }));
    expect(called).toBe(false);
    expect(out).toEqual([{ tool: 'abi-check', status: 'pass', summary: 'no diff in this message; nothing to check' }]);
  });

  it('turns input problems into a fail entry and rejects non-mail input', async () => {
    const bad = JSON.parse(await runB4Check(PATCH1, async () => {
      throw new InputError('patch.eml', 'no hunk applies to include/uapi/linux/vfio.h');
    }));
    expect(bad[0]).toMatchObject({ tool: 'abi-check', status: 'fail', summary: 'could not analyse this patch: no hunk applies to include/uapi/linux/vfio.h' });
    const empty = JSON.parse(await runB4Check('', async () => exampleReport()));
    expect(empty[0].status).toBe('fail');
    await expect(runB4Check(PATCH1, async () => {
      throw new TypeError('bug');
    })).rejects.toThrow('bug');
  });
});
