/**
 * Which of the names a change adds, each with the value of a name it
 * removes, looks like that name renamed: one that keeps the removed name's
 * first and last `_`-separated words (MSM_SUBMIT_SYNCOBJ_RESET →
 * MSM_SYNCOBJ_RESET, CXL_MEM_COMMAND_ID_SCAN_MEDIA →
 * CXL_MEM_DEPRECATED_ID_SCAN_MEDIA), and those words are at least half of
 * either name's; the one keeping the most words. A value alone says nothing:
 * when TC's RSVP attributes went, new flower attributes took the same small
 * numbers, and a shared prefix and `_UNSPEC` do not make TCA_RSVP_UNSPEC
 * TCA_FLOWER_KEY_ENC_OPT_PFCP_UNSPEC. uapi.macro-removed and uapi.enumerator-removed
 * share this.
 */

const words = (name: string) => name.split('_').filter(Boolean);

/** Shared leading and trailing `_`-separated words of two names. */
export function sharedWords(a: string, b: string): { lead: number; tail: number } {
  const x = words(a);
  const y = words(b);
  let lead = 0;
  while (lead < x.length && lead < y.length && x[lead] === y[lead]) lead++;
  let tail = 0;
  while (tail < x.length - lead && tail < y.length - lead && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  return { lead, tail };
}

/** The candidate (already of the same value) that `removed` looks renamed to; null when none is, or two tie. */
export function renamedAmong<T extends { name: string }>(removed: string, sameValue: readonly T[]): T | null {
  const scored = sameValue.map((n) => ({ n, w: sharedWords(removed, n.name) }))
    .filter(({ n, w }) => w.lead >= 1 && w.tail >= 1 && 2 * (w.lead + w.tail) >= Math.max(words(removed).length, words(n.name).length)).map(({ n, w }) => ({ n, score: w.lead + w.tail }));
  const best = Math.max(0, ...scored.map((c) => c.score));
  const top = scored.filter((c) => c.score === best);
  return top.length === 1 ? top[0]!.n : null;
}
