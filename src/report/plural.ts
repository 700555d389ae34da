/** `1 finding`, `3 findings`, `2 ABIs`: a count and its noun, for every text abi-check writes. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
