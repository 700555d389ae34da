/**
 * A function declaration read from a header's text with its qualifiers
 * (prototype-changes.ts): what tells a constified parameter apart when the
 * front end's types, which carry no qualifiers, are the same.
 */
import { describe, expect, it } from 'vitest';
import { declaredFunctionSignature } from '../../../src/abi/diff/prototype-changes.ts';

const lines = (text: string) => text.split('\n');

describe('declaredFunctionSignature', () => {
  it('reads a declaration over several lines, comments and attributes aside, with and without qualifiers', () => {
    const text = 'struct device;\nextern int __must_check\ndevice_add(const struct device *dev, /* the parent */\n\t   const char *const name);\n';
    expect(declaredFunctionSignature(lines(text), 2, 'device_add')).toEqual({
      qualified: 'int(const struct device*,const char*)',
      plain: 'int(struct device*,char*)',
    });
  });

  it('a pointer returned to const data keeps its const; a parameter\'s own const goes', () => {
    const text = 'const char *dev_name(struct device *const dev);\n';
    expect(declaredFunctionSignature(lines(text), 1, 'dev_name')).toEqual({ qualified: 'const char*(struct device*)', plain: 'char*(struct device*)' });
  });

  it('nothing where no declaration of the name starts (a macro makes it, a line the text lacks)', () => {
    const text = 'DECLARE_DEMO(dev_name);\nint other(void);\n';
    expect(declaredFunctionSignature(lines(text), 1, 'dev_name')).toBeNull();
    expect(declaredFunctionSignature(lines(text), 40, 'other')).toBeNull();
  });
});

describe('attribute macros', () => {
  it('`__printf(5, 6)` before a declaration is an attribute, as `__attribute__((format(…)))` is: the definition without it reads the same', () => {
    const decl = '__printf(5, 6) struct device *\ndevice_create(struct class *cls, struct device *parent, dev_t devt,\n\t      void *drvdata, const char *fmt, ...);\n';
    const spelled = 'struct device *device_create(struct class *class, struct device *parent,\n\t\t\t     dev_t devt, void *drvdata, const char *fmt, ...);\n';
    expect(declaredFunctionSignature(lines(decl), 1, 'device_create')).toEqual(declaredFunctionSignature(lines(spelled), 1, 'device_create'));
    expect(declaredFunctionSignature(lines(decl), 1, 'device_create')?.qualified).toBe('struct device*(struct class*,struct device*,dev_t,void*,const char*,...)');
  });
});
