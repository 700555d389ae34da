/**
 * The syscall lists of a kernel tree on disk (src/abi/syscall-tables.ts says
 * what they are): every `syscall*.tbl` in arch/<arch>/kernel/syscalls,
 * arch/<arch>/entry/syscalls and arch/<arch>/tools, plus the few lists at
 * fixed places (scripts/syscall.tbl, asm-generic/unistd.h …), as paths
 * relative to the tree. Read from the working directory, as the tree's other
 * files are (run-pipeline's treeFile).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isSyscallTable, SYSCALL_TABLE_PLACES } from '../abi/syscall-tables.ts';

function entriesOf(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function syscallListPaths(tree: string): string[] {
  const found: string[] = [];
  for (const arch of entriesOf(join(tree, 'arch')).sort()) {
    for (const dir of SYSCALL_TABLE_PLACES.archDirs) {
      for (const name of entriesOf(join(tree, 'arch', arch, dir)).sort()) {
        const path = `arch/${arch}/${dir}/${name}`;
        if (isSyscallTable(path)) found.push(path);
      }
    }
  }
  for (const path of SYSCALL_TABLE_PLACES.files) if (existsSync(join(tree, path))) found.push(path);
  return found;
}
