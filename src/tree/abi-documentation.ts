/**
 * The texts of a kernel tree's Documentation/ABI (stable, testing, obsolete,
 * removed: every entry names sysfs and other ABI paths), read from disk for
 * uapi.sysfs-undocumented: once per run that needs them (a series adding
 * sysfs attributes), as the tree is then, not kept (a watch process
 * outlives many updates of its tree).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
  const texts: string[] = [];
  filesUnder(join(tree, 'Documentation', 'ABI'), texts);
  return texts;
}
