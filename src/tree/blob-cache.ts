/**
 * Disk cache of file contents by git blob id (dir/ab/cdef…), so a base fetched
 * once from GitHub is found again by the abbreviated id of a diff's index line.
 */
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gitBlobHash } from './git-blob-hash.ts';

export function defaultBlobCacheDir(cacheDir?: string): string {
  if (cacheDir) return join(cacheDir, 'blobs');
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'abi-check', 'blobs');
}

export class BlobCache {
  constructor(private readonly dir: string) {}

  /** The unique cached blob whose id starts with `prefix` (at least 4 hex digits), verified by hashing. */
  async find(prefix: string): Promise<{ sha: string; content: Buffer } | null> {
    const p = prefix.toLowerCase();
    if (!/^[0-9a-f]{4,40}$/.test(p)) return null;
    let names: string[];
    try {
      names = await readdir(join(this.dir, p.slice(0, 2)));
    } catch {
      return null;
    }
    const matches = names.filter((n) => /^[0-9a-f]{38}$/.test(n) && n.startsWith(p.slice(2)));
    if (matches.length !== 1) return null;
    const sha = p.slice(0, 2) + matches[0]!;
    const content = await readFile(join(this.dir, p.slice(0, 2), matches[0]!));
    return gitBlobHash(content) === sha ? { sha, content } : null;
  }

  async put(sha: string, content: Buffer): Promise<void> {
    const dir = join(this.dir, sha.slice(0, 2));
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${sha.slice(2)}.${process.pid}.tmp`);
    await writeFile(tmp, content);
    await rename(tmp, join(dir, sha.slice(2)));
  }
}
