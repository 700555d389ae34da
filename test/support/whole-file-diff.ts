/** Test support: a git diff that rewrites a whole file, every line removed and added (applies wherever the old text matches). */
export function wholeFileDiff(path: string, a: string, b: string): string {
  const before = a.replace(/\n$/, '').split('\n');
  const after = b.replace(/\n$/, '').split('\n');
  return `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1,${before.length} +1,${after.length} @@\n${before.map((l) => `-${l}\n`).join('')}${after.map((l) => `+${l}\n`).join('')}`;
}
