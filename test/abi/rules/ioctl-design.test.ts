/**
 * New ioctl requests: what their definition encodes (a pointer, a sizeof, an
 * ABI-dependent size) and whether their number is already taken.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386'];
const PRELUDE = '#define DEMO_MAGIC 0xfe\nstruct demo_arg {\n\t__u32 a;\n\t__u32 b;\n};\nstruct demo_long {\n\t__u32 a;\n\tlong b;\n};\n';

function findings(before: string, after: string, path = 'include/uapi/linux/demo.h') {
  return runChange(path, { before: PRELUDE + before, after: PRELUDE + after, code: null }, ABIS);
}
const rulesOf = (fs: { rule: string }[]) => fs.map((f) => f.rule).filter((r) => r.startsWith('uapi.ioctl-'));

describe('uapi.ioctl-pointer-argument', () => {
  it('a sizeof() as the type encodes size_t', () => {
    const fs = findings('', '#define DEMO_SET _IOW(DEMO_MAGIC, 1, sizeof(struct demo_arg))\n');
    const f = fs.find((x) => x.rule === 'uapi.ioctl-pointer-argument');
    expect(f?.message).toContain('size_t');
    expect(f?.message).toContain('x86_64: 8 bytes; i386: 4 bytes');
    expect(f?.suggestion).toContain('_IOW(DEMO_MAGIC, 1, struct demo_arg)');
  });
  it('a request that already had a pointer is not this change\'s doing', () => {
    const ptr = '#define DEMO_SET _IOW(DEMO_MAGIC, 1, struct demo_arg *)\n';
    expect(rulesOf(findings(ptr, `${ptr}#define DEMO_OTHER 1\n`))).toEqual([]);
  });
  it('a pointer is said once, not also as an ABI-dependent size', () => {
    expect(rulesOf(findings('', '#define DEMO_SET _IOW(DEMO_MAGIC, 1, struct demo_arg *)\n'))).toEqual(['uapi.ioctl-pointer-argument']);
  });
});

describe('uapi.ioctl-abi-dependent-size', () => {
  it('a struct with a long in it changes the number between ABIs', () => {
    expect(rulesOf(findings('', '#define DEMO_GET _IOR(DEMO_MAGIC, 2, struct demo_long)\n'))).toEqual(['uapi.ioctl-abi-dependent-size']);
  });
  it('a struct laid out the same everywhere does not', () => {
    expect(rulesOf(findings('', '#define DEMO_GET _IOR(DEMO_MAGIC, 2, struct demo_arg)\n'))).toEqual([]);
  });
});

describe('uapi.ioctl-number-reused', () => {
  it('requests named for different objects may share a number (VFIO_DEVICE_* and VFIO_IOMMU_*)', () => {
    const old = '#define DEMO_IOMMU_MAP _IO(DEMO_MAGIC, 5)\n';
    expect(rulesOf(findings(old, `${old}#define DEMO_DEVICE_BIND _IO(DEMO_MAGIC, 5)\n`))).toEqual([]);
  });
  it('two new requests with one number: said once, at the later', () => {
    const fs = findings('', '#define DEMO_DEV_A _IO(DEMO_MAGIC, 5)\n#define DEMO_DEV_B _IO(DEMO_MAGIC, 5)\n').filter((f) => f.rule === 'uapi.ioctl-number-reused');
    expect(fs.map((f) => f.symbol)).toEqual(['DEMO_DEV_B']);
  });
  it('in a family dispatched by nr (DRM), another size or direction is still the same request', () => {
    const old = "#define DRM_IOCTL_DEMO_GET _IOWR('d', 0x40, struct demo_arg)\n";
    const fs = findings(old, `${old}#define DRM_IOCTL_DEMO_SET _IOW('d', 0x40, struct demo_long)\n`, 'include/uapi/drm/demo_drm.h');
    const f = fs.find((x) => x.rule === 'uapi.ioctl-number-reused');
    expect(f?.message).toContain('drm_ioctl() looks requests up by nr alone');
  });
});
