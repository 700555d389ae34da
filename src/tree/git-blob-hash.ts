/** Git's object id of a blob: sha1("blob <byte length>\0" + content). */
import { createHash } from 'node:crypto';

export function gitBlobHash(content: Buffer | string): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Whether a full blob id matches an (abbreviated) id from a diff's `index` line. */
export function blobMatches(full: string, abbreviated: string | null): boolean {
  return abbreviated !== null && abbreviated.length > 0 && full.toLowerCase().startsWith(abbreviated.toLowerCase());
}
