/** The slice of a list that fits `height` rows and keeps `selected` visible. */
export function visibleWindow<T>(items: T[], selected: number, height: number): { start: number; items: T[] } {
  const h = Math.max(1, height);
  const start = Math.min(Math.max(0, selected - Math.floor(h / 2)), Math.max(0, items.length - h));
  return { start, items: items.slice(start, start + h) };
}
