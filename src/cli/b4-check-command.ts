/**
 * `abi-check b4-check`: b4 review's check-cmd. Reads one patch mail on stdin,
 * analyses it like a one-patch series and prints the JSON b4 expects.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ABI_NAMES } from '../abi/layout-types.ts';
import { runPipeline } from '../pipeline/run-pipeline.ts';
import { runB4Check } from './b4-check.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function runB4CheckCommand(opts: { offline?: boolean }): Promise<number> {
  const text = await readStdin();
  const out = await runB4Check(text, async (mailText: string) => {
    const dir = await mkdtemp(join(tmpdir(), 'abi-check-b4-'));
    try {
      const file = join(dir, 'patch.eml');
      await writeFile(file, mailText);
      const { report } = await runPipeline({
        target: file,
        offline: opts.offline ?? true,
        abis: [...ABI_NAMES],
        emulateAbi: 'x86_64',
        behaviour: true,
      });
      return report;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
  return 0;
}
