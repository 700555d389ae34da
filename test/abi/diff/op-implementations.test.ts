/**
 * The functions .c files put in op slots, read from kernel C text
 * (src/abi/diff/op-implementations.ts), and the prototype texts compared
 * with an op's signature.
 */
import { describe, expect, it } from 'vitest';
import { comparableType, declaredOpSignature, opImplementationsIn, prototypeOf } from '../../../src/abi/diff/op-implementations.ts';

const SLOTS = [{ tag: 'bus_type', member: 'uevent' }, { tag: 'bus_type', member: 'probe' }];

const FILE = `// SPDX-License-Identifier: GPL-2.0
#include <linux/device.h>

/* platform_uevent - add the modalias */
static int platform_uevent(const struct device *dev,
			   struct kobj_uevent_env *env /* the environment */)
{
	return add_uevent_var(env, "MODALIAS=%s", dev_name(dev));
}

static int __init platform_probe(struct device *_dev)
{
	return 0;
}

struct bus_type platform_bus_type = {
	.name		= "platform",
	.uevent		= platform_uevent,
	.probe		= platform_probe,
	.remove		= NULL,
};

static const struct bus_type other_bus __ro_after_init = {
	.uevent = &elsewhere_uevent,
	.probe = NULL
};

static struct device_driver drv = {
	.probe = not_a_bus_probe,
};
`;

describe('op implementations in kernel C', () => {
  it('finds the functions a struct\'s initializers put in the slots, with their prototypes where the file defines them', () => {
    const found = opImplementationsIn('drivers/base/platform.c', FILE, SLOTS);
    expect(found.map((i) => `${i.member}=${i.fn}@${i.assignedLine}`)).toEqual(['uevent=platform_uevent@18', 'probe=platform_probe@19', 'uevent=elsewhere_uevent@24']);
    expect(found[0]!.definition).toEqual({ line: 5, signature: 'int(struct device*,struct kobj_uevent_env*)', qualified: 'int(const struct device*,struct kobj_uevent_env*)' });
    expect(found[1]!.definition).toEqual({ line: 11, signature: 'int(struct device*)', qualified: 'int(struct device*)' });
    // defined in another file: no prototype to compare
    expect(found[2]!.definition).toBeNull();
  });

  it('reads nothing from a file without the struct or the member', () => {
    expect(opImplementationsIn('a.c', FILE.replaceAll('bus_type', 'bus_kind'), SLOTS)).toEqual([]);
  });

  it('compares types without names, qualifiers and spacing', () => {
    expect(comparableType('const struct device *dev', true)).toBe('struct device*');
    expect(comparableType('struct device *', true)).toBe('struct device*');
    expect(comparableType('unsigned long', true)).toBe('unsigned long');
    expect(comparableType('unsigned long flags', true)).toBe('unsigned long');
    expect(comparableType('struct foo', true)).toBe('struct foo');
    expect(comparableType('u8 buf[16]', true)).toBe('u8[16]');
    expect(comparableType('void (*done)(void *ctx, int err)', true)).toBe('void(*)(void*,int)');
    expect(comparableType('char __user *buf', true)).toBe('char*');
    // integer types spelled as the front end names them
    expect(comparableType('unsigned len', true)).toBe('unsigned int');
    expect(comparableType('unsigned', true)).toBe('unsigned int');
    expect(comparableType('long unsigned int n', true)).toBe('unsigned long');
    expect(comparableType('signed short', true)).toBe('short');
    expect(comparableType('long long int', false)).toBe('long long');
    expect(comparableType('const unsigned char *p', true, true)).toBe('const unsigned char*');
  });

  it('reads a prototype: return type after storage classes, (void) as no parameters', () => {
    expect(prototypeOf('static inline bool foo_ready(void)', 'foo_ready')).toEqual({ returns: 'bool', params: [] });
    expect(prototypeOf('static ssize_t\nfoo_show(struct device *dev,\n\t struct device_attribute *attr, char *buf)', 'foo_show'))
      .toEqual({ returns: 'ssize_t', params: ['struct device*', 'struct device_attribute*', 'char*'] });
    expect(prototypeOf('static void __exit foo_exit(struct pci_dev *pdev)', 'foo_exit')).toEqual({ returns: 'void', params: ['struct pci_dev*'] });
  });

  it('keeps qualifiers below the top level in a qualified comparison', () => {
    expect(comparableType('const struct device *dev', true, true)).toBe('const struct device*');
    expect(comparableType('struct device *const dev', true, true)).toBe('struct device*');
    expect(comparableType('const int flags', true, true)).toBe('int');
    expect(comparableType('const char *const *argv', true, true)).toBe('const char*const*');
    expect(comparableType('void (*done)(const void *ctx)', true, true)).toBe('void(*)(const void*)');
  });

  it('reads an op\'s declared signature over several lines, and nothing where no (*member) declaration starts', () => {
    const header = 'struct bus_type {\n\tint (*uevent)(const struct device *dev, /* the device */\n\t\t      struct kobj_uevent_env *env);\n\tbus_probe_t *probe;\n};\n';
    expect(declaredOpSignature(header, 2, 'uevent')).toEqual({
      signature: 'int(const struct device*,struct kobj_uevent_env*)',
      declaration: 'int (*uevent)(const struct device *dev, struct kobj_uevent_env *env);',
    });
    expect(declaredOpSignature(header, 4, 'probe')).toBeNull();
    expect(declaredOpSignature(header, 40, 'uevent')).toBeNull();
  });
});
