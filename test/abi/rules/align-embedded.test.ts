/**
 * A struct whose alignment rises (`__u64` → `__aligned_u64`) while it is
 * embedded by another struct of the header: an error only where that
 * struct moves for it. VFIO's 6.8 change is the real case: struct
 * vfio_region_sparse_mmap_area is the flexible array of struct
 * vfio_region_info_cap_sparse_mmap, at offset 16 before and after, so both
 * structs keep their size and every offset, and only userspace that embeds
 * them elsewhere is affected (a warning, uapi.align-raised, for each).
 */
import { describe, expect, it } from 'vitest';
import { ABI_NAMES } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS = [...ABI_NAMES];

// include/uapi/linux/vfio.h of 6.1 and of 6.12 (members trimmed to those of the two structs)
const SPARSE = (u64: string) => `struct vfio_info_cap_header {
	__u16	id;
	__u16	version;
	__u32	next;
};

struct vfio_region_sparse_mmap_area {
	${u64}	offset;	/* Offset of mmap'able area within region */
	${u64}	size;	/* Size of mmap'able area */
};

struct vfio_region_info_cap_sparse_mmap {
	struct vfio_info_cap_header header;
	__u32	nr_areas;
	__u32	reserved;
	struct vfio_region_sparse_mmap_area areas[];
};
`;

function findings(before: string, after: string) {
  return runChange('include/uapi/linux/vfio.h', { before, after, code: null }, ABIS).map((f) => `${f.level} ${f.rule} ${f.symbol} ${f.abis.join(',')}`);
}

describe('alignment raised inside an embedding struct', () => {
  it('embedded where nothing moves (VFIO 6.8): a warning for each struct, no error', () => {
    expect(findings(SPARSE('__u64'), SPARSE('__aligned_u64')).sort()).toEqual([
      'warning uapi.align-raised struct vfio_region_info_cap_sparse_mmap i386,m68k',
      'warning uapi.align-raised struct vfio_region_sparse_mmap_area i386,m68k',
    ]);
  });

  it('embedded where the embedding struct moves: an error, as before', () => {
    const outer = (u64: string) => `struct demo_area {\n\t${u64} offset;\n\t${u64} size;\n};\nstruct demo_outer {\n\t__u32 n;\n\tstruct demo_area area;\n};\n`;
    const fs = findings(outer('__u64'), outer('__aligned_u64'));
    expect(fs).toContain('error uapi.align-changed struct demo_area i386,m68k');
    expect(fs.filter((f) => f.includes('align-raised'))).toEqual([]);
  });

  it('embedded only by a struct the series adds: nothing of it moves', () => {
    const area = (u64: string) => `struct demo_area {\n\t${u64} offset;\n\t${u64} size;\n};\n`;
    const fs = findings(area('__u64'), `${area('__aligned_u64')}struct demo_new {\n\t__u32 n;\n\tstruct demo_area area;\n};\n`);
    expect(fs.filter((f) => f.startsWith('error'))).toEqual([]);
    expect(fs).toContain('warning uapi.align-raised struct demo_area i386,m68k');
  });
});
