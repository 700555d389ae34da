/**
 * Child process of the uAPI oracle: lays out a list of headers for one ABI
 * with the tool and sends the results back over IPC. Running each ABI in a
 * fresh process keeps the test process small (the front end's native memory
 * grows with every translation unit parsed) and lets the tool work on one
 * core while GCC runs on the other.
 */
import { layoutHeaderFile } from '../../../src/cli/layout-command.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { InputError } from '../../../src/errors.ts';
import type { ToolRun } from './uapi-oracle.ts';

process.once('message', (msg: { abi: AbiName; headers: string[] }) => {
  const runs: ToolRun[] = msg.headers.map((h) => {
    try {
      const l = layoutHeaderFile(h, { includeDirs: [] }, msg.abi);
      return { ok: true, layout: { records: l.records, failures: l.failures, diagnostics: l.diagnostics } };
    } catch (e) {
      if (e instanceof InputError) return { ok: false, reason: e.message };
      return { ok: false, reason: `tool crashed: ${(e as Error).stack ?? String(e)}` };
    }
  });
  process.send!(runs, () => process.exit(0));
});
