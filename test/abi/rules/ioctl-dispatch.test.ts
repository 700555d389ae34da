/**
 * ioctl families whose dispatcher looks requests up by number and copies the
 * size the caller's request encodes (drm_ioctl, dma_heap_ioctl): an argument
 * struct appended to is the same request, a note. Everywhere else, and for any
 * other change of the number, the request is a different one: an error, also
 * when the number is built through a wrapper macro such as DRM_IOWR.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { parseIoctlBody } from '../../../src/abi/diff/ioctl-encoding.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386', 'ppc64le'];

const header = (base: string, dir: 'IOWR' | 'IOW', extra: string, arrayElem = '') => `#define DRM_IOCTL_BASE ${base}
#define DRM_IOW(nr, type) _IOW(DRM_IOCTL_BASE, nr, type)
#define DRM_IOWR(nr, type) _IOWR(DRM_IOCTL_BASE, nr, type)
struct demo_elem {
	__u32 handle;
${arrayElem}};
struct demo_args {
	__u64 elems_ptr;
	__u32 count;
	__u32 flags;
${extra}};
#define DEMO_IOCTL_SUBMIT DRM_${dir}(0x41, struct demo_args)
`;

function run(path: string, before: string, after: string) {
  const side = { before, after, code: null };
  return runChange(path, side, ABIS);
}
const rules = (fs: { rule: string; level: string }[], level: string) => fs.filter((f) => f.level === level).map((f) => f.rule).sort();

describe('ioctl requests dispatched by number with the caller\'s size', () => {
  it('unwraps DRM_IOWR-style wrappers to the _IO* call', () => {
    const wrappers = new Map([['DRM_IOWR', { params: ['nr', 'type'], body: '_IOWR(DRM_IOCTL_BASE, nr, type)' }]]);
    expect(parseIoctlBody('DRM_IOWR(0x41, struct demo_args)', (n) => wrappers.get(n))).toEqual({
      dir: 'read|write', type: 'DRM_IOCTL_BASE', nr: '0x41', arg: 'struct demo_args', viaIoc: false,
    });
    expect(parseIoctlBody('DRM_IOWR(0x41, struct demo_args)')).toBeNull();
    // a stringifying or pasting wrapper is not substituted textually
    const pasting = new Map([['W', { params: ['n'], body: '_IO(0x64, n ## 1)' }]]);
    expect(parseIoctlBody('W(4)', (n) => pasting.get(n))).toBeNull();
  });

  it('a DRM argument appended to: notes only, the new size named', () => {
    const found = run('include/uapi/drm/demo_drm.h', header("'d'", 'IOWR', ''), header("'d'", 'IOWR', '\t__u64 extensions;\n'));
    expect(rules(found, 'error')).toEqual([]);
    expect(rules(found, 'warning')).toEqual([]);
    const note = found.find((f) => f.rule === 'uapi.ioctl-size-from-request');
    expect(note?.message).toContain('drm_ioctl()');
    expect(note?.message).toContain('16 → 24 bytes');
    expect(found.find((f) => f.rule === 'uapi.member-added')?.message).toContain('drm_ioctl() serves DEMO_IOCTL_SUBMIT');
  });

  it('the same wrapped request outside DRM is a new number: an error, and the struct a warning', () => {
    const found = run('include/uapi/linux/demo.h', header("'k'", 'IOWR', ''), header("'k'", 'IOWR', '\t__u64 extensions;\n'));
    expect(rules(found, 'error')).toEqual(['uapi.ioctl-number-changed']);
    expect(rules(found, 'warning')).toEqual(['uapi.struct-appended']);
  });

  it('a DRM request whose direction changes is still a different request', () => {
    const found = run('include/uapi/drm/demo_drm.h', header("'d'", 'IOW', ''), header("'d'", 'IOWR', ''));
    expect(rules(found, 'error')).toEqual(['uapi.ioctl-number-changed']);
    expect(found.map((f) => f.rule)).not.toContain('uapi.ioctl-size-from-request');
  });

  it('a DRM struct reached through a pointer (an array element) is not sized by the request', () => {
    const found = run('include/uapi/drm/demo_drm.h', header("'d'", 'IOWR', ''), header("'d'", 'IOWR', '', '\t__u32 flags;\n'));
    expect(found.filter((f) => f.symbol === 'struct demo_elem' && f.level === 'warning').map((f) => f.rule)).toEqual(['uapi.struct-appended']);
  });

  it('a DRM request defined as an enumerator (panthor) resized by an append is a note; outside DRM an enum value change', () => {
    // the enumerators are evaluated by the front end, so the encoding must be defined (asm-generic/ioctl.h's)
    const panthor = (extra: string, base = "'d'") => `#define _IOC(dir, type, nr, size) (((dir) << 30) | ((size) << 16) | ((type) << 8) | (nr))
#define _IOWR(type, nr, size) _IOC(3U, (type), (nr), sizeof(size))
#define DRM_IOCTL_BASE ${base}
#define DRM_IOWR(nr, type) _IOWR(DRM_IOCTL_BASE, nr, type)
#define DRM_COMMAND_BASE 0x40
#define DRM_PANTHOR_VM_CREATE 1
#define DRM_IOCTL_PANTHOR(__access, __id, __type) DRM_IO ## __access(DRM_COMMAND_BASE + DRM_PANTHOR_ ## __id, struct drm_panthor_ ## __type)
struct drm_panthor_vm_create {
	__u32 flags;
	__u32 id;
${extra}};
enum {
	DRM_IOCTL_PANTHOR_VM_CREATE = DRM_IOCTL_PANTHOR(WR, VM_CREATE, vm_create),
};
`;
    const drm = run('include/uapi/drm/panthor_drm.h', panthor(''), panthor('\t__u64 user_va_range;\n'));
    expect(drm.filter((f) => f.level !== 'note').map((f) => f.rule)).toEqual([]);
    expect(drm.find((f) => f.rule === 'uapi.ioctl-size-from-request')?.symbol).toBe('DRM_IOCTL_PANTHOR_VM_CREATE');
    const elsewhere = run('include/uapi/linux/demo.h', panthor('', "'k'"), panthor('\t__u64 user_va_range;\n', "'k'"));
    expect(elsewhere.filter((f) => f.level === 'error').map((f) => f.rule)).toContain('uapi.enum-value-changed');
  });

  it('a DMA-BUF heap allocation argument appended to is a note', () => {
    const heap = (extra: string) => `#define DMA_HEAP_IOC_MAGIC 'H'
struct dma_heap_allocation_data {
	__u64 len;
	__u32 fd;
	__u32 fd_flags;
	__u64 heap_flags;
${extra}};
#define DMA_HEAP_IOCTL_ALLOC _IOWR(DMA_HEAP_IOC_MAGIC, 0x0, struct dma_heap_allocation_data)
`;
    const found = run('include/uapi/linux/dma-heap.h', heap(''), heap('\t__u64 align;\n'));
    expect(found.filter((f) => f.level !== 'note')).toEqual([]);
    expect(found.find((f) => f.rule === 'uapi.ioctl-size-from-request')?.message).toContain('dma_heap_ioctl()');
  });
});
