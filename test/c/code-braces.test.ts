import { describe, expect, it } from 'vitest';
import { scanCodeBraces } from '../../src/c/code-braces.ts';

function braces(line: string, inComment = false): { seen: string; inComment: boolean } {
  let seen = '';
  const scan = scanCodeBraces(line, inComment, (b, at) => {
    seen += `${b}${at} `;
  });
  return { seen: seen.trim(), inComment: scan.inComment };
}

describe('scanCodeBraces', () => {
  it('reports code braces with their columns', () => {
    expect(braces('struct a { int x; };')).toEqual({ seen: '{9 }18', inComment: false });
  });
  it('skips braces in comments, strings and character constants', () => {
    expect(braces('f("{", \'}\'); // }').seen).toBe('');
    expect(braces('x /* { */ {').seen).toBe('{10');
    expect(braces('"a\\"{" {').seen).toBe('{7');
  });
  it('carries an open block comment across lines', () => {
    expect(braces('int x; /* {')).toEqual({ seen: '', inComment: true });
    expect(braces(' still } */ }', true)).toEqual({ seen: '}12', inComment: false });
  });
  it('stops where the visitor says', () => {
    let n = 0;
    const scan = scanCodeBraces('{ } { }', false, () => ++n === 2);
    expect(scan.stopped).toBe(true);
    expect(n).toBe(2);
  });
});
