/**
 * kernelStyleFunctions: function definitions found by the kernel's coding
 * style (body braces at column 0), heads over several lines, initialisers and
 * prototypes skipped.
 */
import { describe, expect, it } from 'vitest';
import { kernelStyleFunctions } from '../../../src/abi/diff/kernel-style-functions.ts';

describe('kernelStyleFunctions', () => {
  it('finds definitions with heads over several lines, and their last line', () => {
    const text = [
      '#include <linux/demo.h>',
      '',
      'static long demo_ioctl(struct file *f,',
      '\t\t       unsigned int cmd, unsigned long arg)',
      '{',
      '\tif (cmd)',
      '\t{',
      '\t\treturn 0;',
      '\t}',
      '\treturn -ENOTTY;',
      '}',
      'int demo_proto(void);',
      'static const struct file_operations demo_fops = {',
      '\t.unlocked_ioctl = demo_ioctl,',
      '};',
      'SYSCALL_DEFINE2(demo, int, a, int, b)',
      '{',
      '\treturn a + b;',
      '}',
    ].join('\n');
    expect(kernelStyleFunctions(text).map(({ head: _head, ...f }) => f)).toEqual([
      { name: 'demo_ioctl', startLine: 3, endLine: 11 },
      { name: 'SYSCALL_DEFINE2', startLine: 16, endLine: 19 },
    ]);
    expect(kernelStyleFunctions(text)[1]!.head).toBe('SYSCALL_DEFINE2(demo, int, a, int, b)');
  });
});
