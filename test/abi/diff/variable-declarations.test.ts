/**
 * File-scope definitions and `extern` declarations of variables read from
 * kernel C text, with the type each spells: what a series that retypes a
 * variable must change with its header.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { declaredTypeAt, declaredVariableType, variableDeclarationsIn } from '../../../src/abi/diff/variable-declarations.ts';

const FILE = `// SPDX-License-Identifier: GPL-2.0
#include <linux/tty.h>
#define DEMO_DEF(x) struct class *tty_class = x;
struct class *tty_class __ro_after_init;
EXPORT_SYMBOL(tty_class);
static struct class *tty_class;
extern const struct class
	tty_class;
struct foo { int tty_class; } bar;
int f(int tty_class)
{
	struct class *tty_class = NULL;
	return 0;
}
unsigned long tty_class[NR_CPUS] __aligned(8) = { 1, 2 };
/* struct class *tty_class; */
DEFINE_PER_CPU(int, tty_class);
int __attribute__((section(".data..x"))) tty_class;
int (*tty_class)(void);
int a, tty_class;
`;

describe('variable declarations in kernel C text', () => {
  it('reads definitions and extern declarations at file scope, with their types as written', () => {
    expect(variableDeclarationsIn('drivers/tty/tty_io.c', FILE, ['tty_class']).map((d) => `${d.line} ${d.kind} ${d.type}`)).toEqual([
      '4 definition struct class *',
      '7 declaration const struct class',
      '15 definition unsigned long [ NR_CPUS ]',
      '18 definition int',
    ]);
  });

  it('not: a macro\'s body, a static variable, a member, a parameter, a local, a comment, a macro-made or function pointer or second declarator', () => {
    // every line but those four is one of these
    const found = new Set(variableDeclarationsIn('x.c', FILE, ['tty_class']).map((d) => d.line));
    for (const line of [3, 5, 6, 9, 10, 12, 16, 17, 19, 20]) expect(found.has(line)).toBe(false);
    expect(variableDeclarationsIn('x.c', FILE, ['other_name'])).toEqual([]);
  });

  it('a header\'s declaration at its line, attributes and address spaces told apart', () => {
    const lines = ['struct page;', 'extern u64 __percpu *demo_counts', '\t__read_mostly;', 'extern const char *const demo_names[];'];
    expect(declaredTypeAt(lines, 2, 'demo_counts')).toBe('u64 __percpu *');
    expect(declaredTypeAt(lines, 4, 'demo_names')).toBe('const char * const [ ]');
    expect(declaredTypeAt(lines, 1, 'demo_counts')).toBeNull();
  });

  it('property: the type read is the words written, whatever attributes, spacing and initializer surround them', () => {
    const word = fc.constantFrom('const', 'unsigned', 'long', 'int', 'struct', 'demo', 'u64', '__u32', '__rcu', '*');
    const attr = fc.constantFrom('', '__ro_after_init', '__aligned(16)', '__attribute__((used, section(".x")))', '__read_mostly');
    const space = fc.constantFrom(' ', '  ', '\n\t', ' /* c */ ');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), attr, attr, space, fc.boolean(), (words, a1, a2, sp, init) => {
        fc.pre(words.some((w) => w !== '*' && w !== 'const'));
        const text = `${a1}${sp}${words.join(sp)}${sp}demo_var${sp}${a2}${init ? ' = { 0 }' : ''};\n`;
        const [d, ...more] = variableDeclarationsIn('x.c', text, ['demo_var']);
        expect(more).toEqual([]);
        expect(d!.type).toBe(words.join(' '));
        expect(declaredVariableType(`extern ${words.join(' ')} demo_var ${a2}`, 'demo_var')).toEqual({ type: words.join(' '), extern: true });
      }),
    );
  });
});
