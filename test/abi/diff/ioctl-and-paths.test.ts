/**
 * ioctl request numbers recomputed per ABI, checked against the numbers GCC
 * gave on these machines (ABI-FACTS.md §1), and path classification.
 */
import { describe, expect, it } from 'vitest';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { diffFile } from '../../../src/abi/diff/diff-file.ts';
import { layoutRecord, sizeAlignOf } from '../../../src/abi/layout/index.ts';
import { decodeIoctl, parseIoctlBody } from '../../../src/abi/diff/ioctl-encoding.ts';
import { evalConstExpr } from '../../../src/abi/diff/const-expr.ts';
import { classifyPath, uapiIncludeName } from '../../../src/abi/classify-path.ts';
import { ioctlNumberChanged } from '../../../src/abi/rules/ioctl-number-changed.ts';

const PATH = 'include/uapi/linux/k.h';
const ABIS: AbiName[] = ['x86_64', 'i386', 'ppc64le', 'aarch64'];
const models = (text: string) => Object.fromEntries(ABIS.map((abi) => [abi, buildTypeModel({ path: PATH, text }, { abi, kernel: false, includeDirs: [] })]));

const BEFORE = `struct k1 { __u32 a; __u32 b; __u64 c; };
struct k2 { __u32 a; __u64 b; };
#define K1 _IOW('k', 1, struct k1)
#define K2 _IOWR('k', 2, struct k2)
`;
const AFTER = BEFORE.replace('struct k1 { __u32 a; __u32 b;', 'struct k1 { __u32 a; __u32 inserted; __u32 b;');

describe('ioctl numbers per ABI (GCC-measured values, ABI-FACTS.md)', () => {
  const diff = diffFile({ path: PATH, scope: 'uapi-header', abis: ABIS, before: models(BEFORE), after: models(AFTER), engine: { layoutRecord, sizeAlignOf } });
  const hexOf = (name: string, side: 'before' | 'after') => {
    const m = diff.macros.find((x) => x.name === name)!;
    return Object.fromEntries(ABIS.map((a) => [a, `0x${m[side]!.ioctl![a]!.value.toString(16)}`]));
  };

  it('before: _IOW(k,1,{u32;u32;u64}) and _IOWR(k,2,{u32;u64})', () => {
    expect(hexOf('K1', 'before')).toEqual({ x86_64: '0x40106b01', i386: '0x40106b01', ppc64le: '0x80106b01', aarch64: '0x40106b01' });
    expect(hexOf('K2', 'before')).toEqual({ x86_64: '0xc0106b02', i386: '0xc00c6b02', ppc64le: '0xc0106b02', aarch64: '0xc0106b02' });
  });

  it('after inserting a __u32 (case a): the number changes, differently on i386', () => {
    expect(hexOf('K1', 'after')).toEqual({ x86_64: '0x40186b01', i386: '0x40146b01', ppc64le: '0x80186b01', aarch64: '0x40186b01' });
    const f = ioctlNumberChanged.check({ patch: 1, diff, code: [], seriesCode: [], implementations: [], calls: [], variableDeclarations: [], variableUses: [], abis: ABIS });
    expect(f.map((x) => x.symbol)).toEqual(['K1']);
    expect(f[0].message).toContain('sizeof(struct k1) changed');
    expect(f[0].message).toContain('i386: 0x40106b01 (dir write, type 0x6b, nr 1, size 16) → 0x40146b01 (dir write, type 0x6b, nr 1, size 20)');
  });

  it('decodes with each ABI\'s direction bits', () => {
    expect(decodeIoctl('ppc64le', 0x80106b01n)).toMatchObject({ dir: 'write', type: 0x6b, nr: 1, size: 16 });
    expect(decodeIoctl('x86_64', 0xc00c6b02n)).toMatchObject({ dir: 'read|write', size: 12 });
    expect(decodeIoctl('mips', 0x200007b9n)).toMatchObject({ dir: 'none' });
    expect(parseIoctlBody('_IOC(_IOC_READ|_IOC_WRITE, VFIO_TYPE, 3, 16)')).toMatchObject({ dir: 'read|write', viaIoc: true, arg: '16' });
    expect(parseIoctlBody('(1 << 3)')).toBeNull();
  });

  it('evaluates the constant expressions uAPI macros use', () => {
    const names: Record<string, bigint> = { VFIO_BASE: 100n };
    expect(evalConstExpr('VFIO_BASE + 17', (n) => names[n])).toBe(117n);
    expect(evalConstExpr("(1U << 4) | 'k'", () => undefined)).toBe(16n | 107n);
    expect(evalConstExpr('(__u32)~0', () => undefined)).toBe(-1n);
    expect(evalConstExpr('sizeof(int)', () => undefined)).toBeUndefined();
  });
});

describe('path classification', () => {
  it.each([
    ['include/uapi/linux/vfio.h', 'uapi-header'],
    ['arch/x86/include/uapi/asm/kvm.h', 'uapi-header'],
    ['include/linux/dma-buf.h', 'kernel-header'],
    ['arch/arm64/include/asm/kvm_host.h', 'kernel-header'],
    ['drivers/vfio/pci/vfio_pci_dmabuf.c', 'kernel-source'],
    ['Documentation/userspace-api/ioctl/ioctl-number.rst', 'other'],
  ])('%s → %s', (p, scope) => expect(classifyPath(p)).toBe(scope));

  it('names uAPI headers the way userspace includes them', () => {
    expect(uapiIncludeName('include/uapi/linux/vfio.h')).toBe('linux/vfio.h');
    expect(uapiIncludeName('arch/x86/include/uapi/asm/kvm.h')).toBe('asm/kvm.h');
    expect(uapiIncludeName('include/linux/dma-buf.h')).toBeNull();
  });
});
