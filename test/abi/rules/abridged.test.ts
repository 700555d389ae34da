import { describe, expect, it } from 'vitest';
import { abridged } from '../../../src/abi/rules/format.ts';

describe('abridged', () => {
  const spell = (n: number) => `#${n}`;
  it('spells out a short list whole', () => {
    expect(abridged([1, 2], 2, spell)).toEqual(['#1', '#2']);
  });
  it('counts what is past the first few', () => {
    expect(abridged([1, 2, 3, 4], 2, spell)).toEqual(['#1', '#2', 'and 2 more']);
  });
  it('names what is past the first few, given a name', () => {
    expect(abridged([1, 2, 3, 4], 2, spell, (n) => `n${n}`)).toEqual(['#1', '#2', 'and n3, n4']);
  });
});
