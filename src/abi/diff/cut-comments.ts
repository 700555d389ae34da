/**
 * A stretch of known lines cut out of a file (diff context) can start inside a
 * comment (its closing star-slash comes first) or end inside one (an opening
 * slash-star that never closes). Left as is,
 * the first swallows code as stray text and the second swallows every line
 * after it. This blanks those fragments, keeping the line count.
 */
export function blankCutComments(lines: string[]): string[] {
  const out = [...lines];
  const firstClose = out.findIndex((l) => l.includes('*/'));
  const firstOpen = out.findIndex((l) => l.includes('/*'));
  const startsInside = firstClose >= 0 && (firstOpen < 0 || firstOpen > firstClose || (firstOpen === firstClose && out[firstClose].indexOf('*/') < out[firstClose].indexOf('/*')));
  if (startsInside) for (let i = 0; i <= firstClose; i++) out[i] = '';
  let open = -1;
  for (let i = 0; i < out.length; i++) {
    const l = out[i];
    let j = 0;
    for (;;) {
      if (open < 0) {
        const o = l.indexOf('/*', j);
        if (o < 0) break;
        open = i;
        j = o + 2;
      } else {
        const c = l.indexOf('*/', j);
        if (c < 0) break;
        open = -1;
        j = c + 2;
      }
    }
  }
  if (open >= 0) for (let i = open; i < out.length; i++) out[i] = '';
  return out;
}
