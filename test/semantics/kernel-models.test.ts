/**
 * Kernel models under interpreted kernel-style C: user copies (faults,
 * overflow), the slab (failure injection, leaks, double free, use after
 * free), ERR_PTR, the step budget and the memory cap.
 */
import { describe, expect, test } from 'vitest';
import { buildTypeModel } from '../../src/c/build-type-model.ts';
import { createMachine } from '../../src/semantics/interpreter/program.ts';
import type { Machine } from '../../src/semantics/interpreter/machine.ts';
import { BudgetExceeded, KernelFault, NoModel } from '../../src/semantics/interpreter/run-errors.ts';
import { INT, ULONG, VOID_PTR } from '../../src/semantics/interpreter/types.ts';
import { asScalar, scalar } from '../../src/semantics/interpreter/values.ts';
import { KERNEL_PRELUDE } from '../../src/semantics/kernel/kernel-prelude.ts';
import { kernelModels } from '../../src/semantics/kernel/registry.ts';
import { slabState } from '../../src/semantics/kernel/slab.ts';
import { mapUser } from '../../src/semantics/kernel/user-memory.ts';

const CODE = `
struct req { u32 n; u32 pad; u64 items[]; };

long dup_items(void *uarg)
{
	struct req hdr;
	u64 *items;
	long sum = 0;
	u32 i;

	if (copy_from_user(&hdr, uarg, sizeof(hdr)))
		return -EFAULT;
	items = memdup_array_user((char *)uarg + sizeof(hdr), hdr.n, sizeof(*items));
	if (IS_ERR(items))
		return PTR_ERR(items);
	for (i = 0; i < hdr.n; i++)
		sum += items[i];
	kfree(items);
	return sum;
}

int two_allocs(int free_second)
{
	u32 *a = kzalloc(16, GFP_KERNEL);
	u32 *b;

	if (!a)
		return -ENOMEM;
	b = kcalloc(4, sizeof(*b), GFP_KERNEL);
	if (!b)
		goto err_a;
	if (free_second)
		kfree(b);
	kfree(a);
	return 0;
err_a:
	return -ENOMEM;
}

int double_free(void)
{
	u32 *a = kmalloc(8, GFP_KERNEL);

	kfree(a);
	kfree(a);
	return 0;
}

int use_after_free(void)
{
	u32 *a = kzalloc(8, GFP_KERNEL);

	kfree(a);
	return a[1];
}

int out_of_bounds(void)
{
	u32 *a = kzalloc_objs(*a, 2);
	int r = a[2];

	kfree(a);
	return r;
}

int spin(void)
{
	int i = 0;

	for (;;)
		i++;
	return i;
}

long huge_calloc(unsigned long n)
{
	void *p = kcalloc(n, 1UL << 40, GFP_KERNEL);

	return p ? 0 : -ENOMEM;
}

int unknown_service(void)
{
	return frobnicate_widget(3);
}
`;

function machine(opts: { stepBudget?: number; memoryCapBytes?: number } = {}): Machine {
  const text = `${KERNEL_PRELUDE}\n${CODE}`;
  const model = buildTypeModel({ path: 'models.c', text }, { abi: 'x86_64', kernel: true, includeDirs: [] });
  return createMachine({ model, abi: 'x86_64', units: [{ path: 'models.c', text }], models: kernelModels(), ...opts });
}

function le64(...vals: bigint[]): Uint8Array {
  const out = new Uint8Array(vals.length * 8);
  const dv = new DataView(out.buffer);
  vals.forEach((v, i) => dv.setBigUint64(i * 8, BigInt.asUintN(64, v), true));
  return out;
}

function header(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

function call(m: Machine, name: string, ...args: Parameters<Machine['call']>[1]): bigint {
  return BigInt.asIntN(64, asScalar(m.call(name, args, 'test'), name).v);
}

describe('user memory', () => {
  test('copies what userspace mapped', () => {
    const m = machine();
    const arg = mapUser(m, new Uint8Array([...header(3), ...le64(1n, 2n, 40n)]), 'arg');
    expect(call(m, 'dup_items', scalar(VOID_PTR, arg))).toBe(43n);
    expect(slabState(m).live.size).toBe(0);
  });

  test('a buffer shorter than what the kernel reads: -EFAULT and nothing leaked', () => {
    const m = machine();
    const arg = mapUser(m, new Uint8Array([...header(3), ...le64(1n, 2n)]), 'arg');
    expect(call(m, 'dup_items', scalar(VOID_PTR, arg))).toBe(-14n);
    expect(slabState(m).live.size).toBe(0);
  });

  test('n * size overflowing size_t: -EOVERFLOW before any allocation', () => {
    const m = machine();
    // n is u32 here; 0xffffffff * 8 fits 64 bits, so the kernel tries to allocate 32 GiB and fails.
    const arg = mapUser(m, header(0xffffffff), 'arg');
    expect(call(m, 'dup_items', scalar(VOID_PTR, arg))).toBe(-12n);
    const overflow = machine();
    const a = mapUser(overflow, new Uint8Array(8), 'arg');
    const r = overflow.call('memdup_array_user', [scalar(VOID_PTR, a), scalar(ULONG, 1n << 62n), scalar(ULONG, 8n)], 'test');
    expect(BigInt.asIntN(64, asScalar(r, 'r').v)).toBe(-75n);
    expect(slabState(overflow).attempts).toHaveLength(0);
  });

  test('the kernel dereferencing a user pointer directly is a fault', () => {
    const m = machine();
    const arg = mapUser(m, header(1), 'arg');
    expect(() => m.mem.read(arg, 4, 'kernel')).toThrow(KernelFault);
  });
});

describe('slab', () => {
  test('every allocation failing in turn: error paths free what they allocated', () => {
    const probe = machine();
    expect(call(probe, 'two_allocs', scalar(INT, 1n))).toBe(0n);
    const n = slabState(probe).attempts.length;
    expect(n).toBe(2);
    const leaks: number[] = [];
    for (let i = 1; i <= n; i++) {
      const m = machine();
      slabState(m).failAt = i;
      expect(call(m, 'two_allocs', scalar(INT, 1n))).toBe(-12n);
      leaks.push(slabState(m).live.size);
    }
    // Failing the second allocation leaks the first: the error path returns without kfree(a).
    expect(leaks).toEqual([0, 1]);
    expect([...slabState((() => { const m = machine(); slabState(m).failAt = 2; call(m, 'two_allocs', scalar(INT, 1n)); return m; })()).live.values()][0]!.site).toMatch(/^two_allocs:\d+$/);
  });

  test('a missing kfree is a leak', () => {
    const m = machine();
    call(m, 'two_allocs', scalar(INT, 0n));
    expect([...slabState(m).live.values()].map((a) => a.size)).toEqual([16]);
  });

  test('double free, use after free and out-of-bounds are faults', () => {
    expect(() => machine().call('double_free', [], 't')).toThrow(/double free/);
    expect(() => machine().call('use_after_free', [], 't')).toThrow(/use after free/);
    expect(() => machine().call('out_of_bounds', [], 't')).toThrow(/out-of-bounds read of 4 bytes at offset 8/);
  });

  test('kcalloc size overflow returns NULL', () => {
    expect(call(machine(), 'huge_calloc', scalar(ULONG, 1n << 30n))).toBe(-12n);
  });
});

describe('limits and missing models', () => {
  test('a runaway loop ends with the step budget', () => {
    expect(() => machine({ stepBudget: 5000 }).call('spin', [], 't')).toThrow(BudgetExceeded);
  });

  test('the memory cap ends runaway allocation', () => {
    const m = machine({ memoryCapBytes: 1 << 20 });
    expect(() => m.mem.allocate(2 << 20, 'kernel', 'slab', 'big')).toThrow(/memory cap/);
  });

  test('a call with no model is reported by name', () => {
    const err = (() => {
      try {
        machine().call('unknown_service', [], 't');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(NoModel);
    expect((err as NoModel).callee).toBe('frobnicate_widget');
    expect((err as Error).message).toMatch(/no model for frobnicate_widget\(\) \(called from unknown_service:\d+\)/);
  });
});
