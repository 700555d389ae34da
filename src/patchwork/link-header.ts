/**
 * RFC 8288 `Link` header: `<url>; rel="next", <url>; rel="first"`.
 * Patchwork puts list paging only there; URLs are returned verbatim.
 */
export function parseLinkHeader(value: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  const re = /<([^>]*)>\s*((?:;\s*[^;,]+)*)/g;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2]);
    if (!rel) continue;
    for (const r of rel[1].trim().split(/\s+/)) if (!(r in out)) out[r.toLowerCase()] = m[1];
  }
  return out;
}
