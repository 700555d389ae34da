/**
 * Where a reply goes when sending fails: one mbox file per mail in a spool
 * directory (default ~/.cache/abi-check/spool, or $XDG_CACHE_HOME), so it can
 * be sent later with `git send-email FILE` and nothing written is lost.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeMbox } from './mbox-write.ts';

export function defaultSpoolDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ABI_CHECK_SPOOL) return env.ABI_CHECK_SPOOL;
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'abi-check', 'spool');
}

/** Keeps `raw` in `dir` under a name made from the date and its Message-ID; returns the path. */
export async function spoolMail(dir: string, raw: string, messageId: string, now = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const safeId = messageId.replace(/[^A-Za-z0-9@._-]/g, '_').slice(0, 100);
  const path = join(dir, `${stamp}-${safeId}.mbox`);
  await writeMbox(path, raw);
  return path;
}
