/**
 * The git edge: `git cat-file --batch-check` / `--batch` in a local tree.
 */
import { spawn } from 'node:child_process';

export type ObjectInfo =
  | { kind: 'found'; sha: string; type: string; size: number }
  | { kind: 'missing' }
  | { kind: 'ambiguous' };

export function runGit(tree: string, args: string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', tree, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(Buffer.concat(err).toString('utf8').trim() || `git ${args.join(' ')} exited with ${code}`));
    });
    // git may exit before reading its input (bad repository): that is reported by the exit code.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** One answer per query (`<sha-or-prefix>`, `<rev>:<path>`, `<rev>^{commit}`). */
export async function batchCheck(tree: string, queries: string[]): Promise<ObjectInfo[]> {
  if (queries.length === 0) return [];
  const out = (await runGit(tree, ['cat-file', '--batch-check'], queries.join('\n') + '\n')).toString('utf8');
  const lines = out.split('\n').filter((l) => l.length > 0);
  return lines.map((line): ObjectInfo => {
    if (line.endsWith(' ambiguous')) return { kind: 'ambiguous' };
    if (line.endsWith(' missing')) return { kind: 'missing' };
    const [sha, type, size] = line.split(' ');
    return { kind: 'found', sha: sha!, type: type!, size: Number(size) };
  });
}

/** Contents of the given full object ids, in order. */
export async function readObjects(tree: string, shas: string[]): Promise<Buffer[]> {
  if (shas.length === 0) return [];
  const out = await runGit(tree, ['cat-file', '--batch'], shas.join('\n') + '\n');
  const result: Buffer[] = [];
  let pos = 0;
  for (let k = 0; k < shas.length; k++) {
    const eol = out.indexOf(0x0a, pos);
    const header = out.subarray(pos, eol).toString('utf8');
    const size = Number(header.split(' ')[2]);
    if (!Number.isFinite(size)) throw new Error(`git cat-file --batch: unexpected answer "${header}"`);
    result.push(Buffer.from(out.subarray(eol + 1, eol + 1 + size)));
    pos = eol + 1 + size + 1;
  }
  return result;
}
