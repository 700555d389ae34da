/**
 * What the front end reports of what tree-sitter-c cannot parse: past the
 * limit, problems are counted, except those within a struct, union or enum
 * body, which can change a layout; an unnamed bit-field of a two-word type
 * is valid C, not a problem. The function body is the shape of the kernel's
 * lock guards (cleanup.h), which in-kernel units meet by the hundred.
 */
import { describe, expect, it } from 'vitest';
import { parseC } from '../../../src/c/parse/tree-sitter-c.ts';
import { countOfUnlisted, IN_DEFINITION, syntaxProblems, unlistedSyntaxErrors } from '../../../src/c/parse/syntax-errors.ts';

const GUARD = 'typedef struct { void *lock; unsigned long flags; } class_t; '
  + 'static inline void d(class_t *_T) { if (_T->lock) { do { ({ unsigned long __dummy; typeof(_T->flags) __dummy2; (void)(&__dummy == &__dummy2); 1; }); } while (0); } }\n';

describe('syntax problems', () => {
  it('lists a problem within a struct body past the limit, and counts those in function bodies', () => {
    const { problems, more } = syntaxProblems(parseC(`${GUARD}struct ok { int a; int @; };\nenum e { A = 1, @ };\n`).rootNode, 0);
    expect(problems.map((p) => [p.row, p.message.startsWith(IN_DEFINITION)])).toEqual([[1, true], [2, true]]);
    expect(more).toBeGreaterThan(0);
  });

  it('reads back the count of the one diagnostic standing for the problems not listed, and only that', () => {
    expect(countOfUnlisted(unlistedSyntaxErrors(2412))).toBe(2412);
    expect(countOfUnlisted(`${IN_DEFINITION}: cannot parse '@'`)).toBeNull();
    expect(countOfUnlisted('syntax error: 3 more syntax errors not listed')).toBeNull();
  });

  it('lists problems in order up to the limit, marking none in a function body as within a definition', () => {
    const { problems } = syntaxProblems(parseC(GUARD).rootNode, 50);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.filter((p) => p.inDefinition)).toEqual([]);
  });

  it('takes `unsigned long : 1;` for the unnamed bit-field it is', () => {
    expect(syntaxProblems(parseC('struct psw { unsigned long\t: 1; unsigned long per : 1; long long : 2 * 4; };\n').rootNode).problems).toEqual([]);
    // a stray colon elsewhere is still one
    expect(syntaxProblems(parseC('struct s { unsigned long : ; };\n').rootNode).problems).not.toEqual([]);
  });
});
