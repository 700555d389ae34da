/**
 * The texts of a kernel tree's Documentation/ABI (stable, testing, obsolete,
 * removed: every entry names sysfs and other ABI paths), read from disk for
 * uapi.sysfs-undocumented. Read once per tree and process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const read = new Map<string, string[]>();

function filesUnder(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, out);
    else if (e.isFile()) {
      try {
        out.push(readFileSync(p, 'utf8'));
      } catch {
        // unreadable: no entries from it
      }
    }
  }
}

/** Every file's text under `<tree>/Documentation/ABI` (none when the tree has no such directory). */
export function treeAbiDocumentation(tree: string): string[] {
  let texts = read.get(tree);
  if (!texts) {
    texts = [];
    filesUnder(join(tree, 'Documentation', 'ABI'), texts);
    read.set(tree, texts);
  }
  return texts;
}
