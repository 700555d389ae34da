/**
 * Uses of a variable made the object it pointed to (or back) that still
 * treat it as the old type, read from kernel C text: each breaks the build.
 */
import { describe, expect, it } from 'vitest';
import { staleVariableUsesIn } from '../../../src/abi/diff/variable-uses.ts';

const CORE = `// SPDX-License-Identifier: GPL-2.0
#include <linux/demo_class.h>
struct class *demo_class;
EXPORT_SYMBOL_GPL(demo_class);

static int __init demo_class_init(void)
{
	demo_class = class_create("demo");
	if (IS_ERR(demo_class))
		return PTR_ERR(demo_class);
	demo_class->devnode = demo_devnode;
	pr_info("%zu\\n", sizeof(demo_class));
	return 0;
}

static void demo_add(struct device *dev)
{
	dev->class = demo_class;	/* demo_class in a comment */
	dev->demo_class = NULL;
	device_create(&demo_class, NULL, 0, NULL, "demo");
	if (x && demo_class)
		return;
}
`;

const lines = (uses: { line: number }[]) => uses.map((u) => u.line);

describe('stale uses of a variable made an object, or a pointer', () => {
  it('pointer made an object: every use as a pointer, not its address, sizeof, EXPORT_SYMBOL, a member of another thing, a comment or the definition', () => {
    const uses = staleVariableUsesIn('drivers/demo/core.c', CORE, new Map([['demo_class', 'pointer-to-object']]));
    expect(lines(uses)).toEqual([8, 9, 10, 11, 18, 21]);
    expect(uses[0]!.text).toBe('demo_class = class_create("demo");');
  });

  it('object made a pointer: its address and its members read with `.`', () => {
    const text = 'void f(void)\n{\n\tregister_demo(&demo_bus);\n\tpr_info("%s", demo_bus.name);\n\tuse(demo_bus);\n\tif (a && demo_bus.x) {}\n}\n';
    expect(lines(staleVariableUsesIn('x.c', text, new Map([['demo_bus', 'object-to-pointer']])))).toEqual([3, 4, 6]);
  });

  it('a file with its own variable of that name (a static, a local, a parameter, a macro) is not read', () => {
    const changes = new Map([['demo_class', 'pointer-to-object' as const]]);
    for (const own of [
      'static struct class *demo_class;\nvoid f(void) { g(demo_class); }\n',
      'void f(void)\n{\n\tstruct class *demo_class = NULL;\n\tg(demo_class);\n}\n',
      'void f(struct class *demo_class)\n{\n\tg(demo_class);\n}\n',
      '#define demo_class other_class\nvoid f(void) { g(demo_class); }\n',
    ]) {
      expect(staleVariableUsesIn('x.c', own, changes)).toEqual([]);
    }
    // another name, or one that only starts the same, is not a use
    expect(staleVariableUsesIn('x.c', 'void f(void) { g(demo_classes); h(my_demo_class); }\n', changes)).toEqual([]);
  });
});
