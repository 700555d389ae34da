/**
 * The Kconfig options guarding the lines a series changes in an in-kernel
 * header (src/abi/guarding-config.ts): in-kernel headers are read with them
 * on, so a change under `#ifdef CONFIG_PCI` is compared in a tree whose
 * configuration leaves PCI off.
 */
import { describe, expect, it } from 'vitest';
import { configGuardingChanges } from '../../src/abi/guarding-config.ts';

const header = (inner: string) => [
  '#ifndef _DEMO_H', '#define _DEMO_H',
  '#ifdef CONFIG_DEMO',
  'int demo_keep(struct demo *d);',
  inner,
  '#ifdef CONFIG_DEMO_STATS',
  'void demo_stats(struct demo *d);',
  '#endif',
  '#else /* !CONFIG_DEMO */',
  'static inline int demo_enable(struct demo *d) { return 0; }',
  '#endif',
  '#if defined(CONFIG_DEMO_A) && !defined(CONFIG_DEMO_B) || IS_ENABLED(CONFIG_DEMO_C)',
  'int demo_abc(void);',
  '#elif IS_REACHABLE(CONFIG_DEMO_D) && CONFIG_DEMO_LEVELS > 2',
  'int demo_d(void);',
  '#endif',
  '#endif', '',
].join('\n');

describe('options guarding the changed lines', () => {
  it('an #ifdef around the changed prototype, not the #else stub\'s', () => {
    expect(configGuardingChanges(header('int demo_enable(struct demo *d);'), header('int demo_enable(struct demo *d, int flags);'))).toEqual(['CONFIG_DEMO']);
  });

  it('nested #ifdefs, and #if/#elif tests that need an option on (not negated, not compared by value)', () => {
    const before = header('');
    expect(configGuardingChanges(before, before.replace('void demo_stats(struct demo *d);', 'void demo_stats(struct demo *d, int n);'))).toEqual(['CONFIG_DEMO', 'CONFIG_DEMO_STATS']);
    expect(configGuardingChanges(before, before.replace('int demo_abc(void);', 'long demo_abc(void);'))).toEqual(['CONFIG_DEMO_A', 'CONFIG_DEMO_C']);
    expect(configGuardingChanges(before, before.replace('int demo_d(void);', 'long demo_d(void);'))).toEqual(['CONFIG_DEMO_D']);
  });

  it('nothing for a change in an #else or #ifndef branch, outside any conditional, or under the architecture\'s own symbols', () => {
    const before = header('');
    expect(configGuardingChanges(before, before.replace('{ return 0; }', '{ return -ENODEV; }'))).toEqual([]);
    expect(configGuardingChanges(before, before.replace('#define _DEMO_H', '#define _DEMO_H\nstruct demo;'))).toEqual([]);
    const arch = '#ifdef CONFIG_64BIT\ntypedef long demo_t;\n#endif\n';
    expect(configGuardingChanges(arch, arch.replace('long', 'int'))).toEqual([]);
  });

  it('a directive continued over several lines, and comments in it', () => {
    const text = (decl: string) => `#if defined(CONFIG_DEMO_X) || \\\n    defined(CONFIG_DEMO_Y) /* both */\n${decl}\n#endif\n`;
    expect(configGuardingChanges(text('int demo_x(void);'), text('void demo_x(void);'))).toEqual(['CONFIG_DEMO_X', 'CONFIG_DEMO_Y']);
  });
});
