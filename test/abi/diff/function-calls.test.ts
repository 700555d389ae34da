/**
 * Calls of some functions in kernel C, and their definitions, with argument
 * and parameter counts (src/abi/diff/function-calls.ts).
 */
import { describe, expect, it } from 'vitest';
import { functionCallsIn } from '../../../src/abi/diff/function-calls.ts';

const FILE = `/* pci_enable_device(dev) in a comment */
int pci_enable_device(struct pci_dev *dev);
static struct foo *pci_enable_device(int);
int probe(struct pci_dev *pdev)
{
	int err = pci_enable_device(pdev);
	if (!pci_enable_device(pdev) && pci_enable_device_io(pdev, 1))
		return pci_enable_device(f(a, b));
	pr_info("pci_enable_device(%d)", 1);
	ops->pci_enable_device(pdev, 1);
	return pci_enable_device (
		pdev);
}
#define X(d) pci_enable_device(d)

int pci_enable_device(struct pci_dev *dev)
{
	return pci_enable_device_flags(dev, 0, (int[]){ 1, 2 });
}
`;

describe('function calls in kernel C', () => {
  it('finds the calls with their argument counts, and the definition with its parameter count', () => {
    const found = functionCallsIn('drivers/pci/x.c', FILE, ['pci_enable_device', 'pci_enable_device_flags']);
    expect(found.map((c) => `${c.kind} ${c.name}@${c.line}/${c.args}`)).toEqual([
      'call pci_enable_device@6/1', 'call pci_enable_device@7/1', 'call pci_enable_device@8/1', 'call pci_enable_device@11/1',
      'call pci_enable_device@14/1', 'call pci_enable_device_flags@18/3', 'definition pci_enable_device@16/1',
    ]);
  });

  it('tells whether each call\'s value is used, and whether the definition returns one', () => {
    const text = [
      'void demo_stop(struct demo *d)', '{', '\tint err;', '',
      '\tdemo_reset(d);', // 5: a statement
      '\t(void)demo_reset(d);', // 6: cast away
      '\tif (x)', '\t\tdemo_reset(d);', // 8: the statement of an if
      '\terr = demo_reset(d);', // 9
      '\tif (demo_reset(d) < 0 || !demo_reset(d))', // 10, 10
      '\t\treturn demo_reset(d);', // 11
      '\tWARN_ON(demo_reset(d));', // 12: a macro's argument
      '\tdemo_reset(d)->state = 0;', // 13: operated on
      'out:', '\tdemo_reset(d);', // 15: after a label
      '}', '',
    ].join('\n');
    const found = functionCallsIn('a.c', text, ['demo_reset']);
    expect(found.map((c) => `${c.kind}@${c.line} ${c.valued ? 'valued' : '-'}`)).toEqual([
      'call@5 -', 'call@6 -', 'call@8 -', 'call@9 valued', 'call@10 valued', 'call@10 valued', 'call@11 valued', 'call@12 valued', 'call@13 valued', 'call@15 -',
    ]);
    const definitions = (head: string) => functionCallsIn('a.c', `${head}\n{\n\treturn;\n}\n`, ['demo_reset']).map((c) => `${c.kind} ${c.valued}`);
    expect(definitions('int demo_reset(struct demo *d)')).toEqual(['definition true']);
    expect(definitions('void demo_reset(struct demo *d)')).toEqual(['definition false']);
    expect(definitions('void *demo_reset(struct demo *d)')).toEqual(['definition true']);
  });

  it('counts no arguments as zero, and reads nothing from a file without the names', () => {
    expect(functionCallsIn('a.c', 'void f(void)\n{\n\tsync_all( );\n\tsync_all(x);\n}\n', ['sync_all']).map((c) => c.args)).toEqual([0, 1]);
    expect(functionCallsIn('a.c', FILE, ['device_rename'])).toEqual([]);
  });

  it('a file with its own static function or macro of the name: nothing of that name read there', () => {
    const own = 'static int demo_rename(struct demo *d)\n{\n\treturn 0;\n}\n\nstatic int f(struct demo *d)\n{\n\treturn demo_rename(d) + demo_put(d, 1);\n}\n';
    expect(functionCallsIn('a.c', own, ['demo_rename', 'demo_put']).map((c) => `${c.kind} ${c.name}`)).toEqual(['call demo_put']);
    const macro = '#define demo_rename(d) demo_rename2(d, 0)\nstatic int f(struct demo *d)\n{\n\treturn demo_rename(d);\n}\n';
    expect(functionCallsIn('a.c', macro, ['demo_rename'])).toEqual([]);
  });
});
