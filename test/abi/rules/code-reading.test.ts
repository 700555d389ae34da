/**
 * The rules that read kernel code: reserved-unchecked, flags-unvalidated,
 * array-count-mismatch — on the handler of the TPH series and on near-misses.
 */
import { describe, expect, it } from 'vitest';
import { after, before } from '../diff/support/tph-models.ts';
import { findingsOf } from '../diff/support/run-diff.ts';
import type { CodeUnit } from '../../../src/abi/rules/index.ts';

const HANDLER = `int vfio_pci_core_feature_dma_buf(struct vfio_pci_core_device *vdev, u32 flags,
				  struct vfio_device_feature_dma_buf __user *arg,
				  size_t argsz)
{
	struct vfio_device_feature_dma_buf get_dma_buf = {};
	bool tph_supplied;
	u32 tph_index;
	struct vfio_region_dma_range *entries;
	int ret;

	if (copy_from_user(&get_dma_buf, arg, sizeof(get_dma_buf)))
		return -EFAULT;

	tph_supplied = !!(get_dma_buf.flags & VFIO_DMABUF_FLAG_TPH);
	tph_index = get_dma_buf.nr_ranges;
	if (!get_dma_buf.nr_ranges ||
	    (get_dma_buf.flags & ~VFIO_DMABUF_FLAG_TPH))
		return -EINVAL;

	entries = memdup_array_user(&arg->entries,
				    get_dma_buf.nr_ranges +
					(tph_supplied ? 1 : 0),
				    sizeof(*entries));
	if (IS_ERR(entries))
		return PTR_ERR(entries);

	if (tph_supplied) {
		priv->steering_tag = entries[tph_index].tph.steering_tag;
		priv->ph = entries[tph_index].tph.ph;
	}
	kfree(entries);
	return ret;
}`;

const unit = (text: string): CodeUnit => ({ path: 'drivers/vfio/pci/vfio_pci_dmabuf.c', name: 'vfio_pci_core_feature_dma_buf', startLine: 231, text });

describe('code-reading rules on the TPH handler', () => {
  const fs = findingsOf(before, after, { code: [unit(HANDLER)] });

  it('array-count-mismatch: reads nr_ranges + 1 entries and indexes entries[nr_ranges]', () => {
    const f = fs.filter((x) => x.rule === 'uapi.array-count-mismatch');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ file: 'drivers/vfio/pci/vfio_pci_dmabuf.c', line: 250, symbol: 'struct vfio_device_feature_dma_buf.entries', level: 'warning' });
    expect(f[0].message).toContain('memdup_array_user(&arg->entries, get_dma_buf.nr_ranges + (tph_supplied ? 1 : 0), sizeof(*entries))');
    expect(f[0].message).toContain('lines 258, 259: `entries[tph_index]` with `tph_index = get_dma_buf.nr_ranges`');
    expect(f[0].message).toContain('__counted_by(nr_ranges) declared');
  });

  it('reserved-unchecked: tph.reserved and reserved2 are never checked; the union alias of length is not flagged', () => {
    const f = fs.filter((x) => x.rule === 'uapi.reserved-unchecked');
    expect(f).toHaveLength(1);
    expect(f[0].symbol).toBe('struct vfio_region_dma_tph.reserved');
    expect(f[0].message).toContain('`reserved`, `reserved2`');
    expect(f[0].message).toContain('`steering_tag`');
  });

  it('flags-unvalidated does not fire: unknown bits are rejected with flags & ~VFIO_DMABUF_FLAG_TPH', () => {
    expect(fs.filter((x) => x.rule === 'uapi.flags-unvalidated')).toEqual([]);
  });

  it('flags-unvalidated fires when only the known bit is tested', () => {
    const text = HANDLER.replace(/\|\|\n\s*\(get_dma_buf.flags & ~VFIO_DMABUF_FLAG_TPH\)\)/, ')');
    const f = findingsOf(before, after, { code: [unit(text)] }).filter((x) => x.rule === 'uapi.flags-unvalidated');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 244, symbol: 'struct vfio_device_feature_dma_buf.flags' });
  });

  it('near-misses: a handler that checks reserved fields and counts exactly is quiet', () => {
    const text = HANDLER
      .replace('get_dma_buf.nr_ranges +\n\t\t\t\t\t(tph_supplied ? 1 : 0)', 'get_dma_buf.nr_ranges')
      .replace(/entries\[tph_index\]/g, 'entries[0]')
      .replace('if (tph_supplied) {', 'if (entries[0].tph.reserved || entries[0].tph.reserved2)\n\t\treturn -EINVAL;\n\tif (tph_supplied) {');
    const quiet = findingsOf(before, after, { code: [unit(text)] }).filter((x) => ['uapi.array-count-mismatch', 'uapi.reserved-unchecked', 'uapi.flags-unvalidated'].includes(x.rule));
    expect(quiet).toEqual([]);
  });

  it('code that never reads the struct says nothing about it', () => {
    const other = findingsOf(before, after, { code: [{ path: 'drivers/x.c', name: 'f', startLine: 1, text: 'int f(void)\n{\n\treturn copy_from_user(a, b, 4);\n}' }] });
    expect(other.filter((x) => ['uapi.array-count-mismatch', 'uapi.reserved-unchecked', 'uapi.flags-unvalidated'].includes(x.rule))).toEqual([]);
  });
});

describe('flags-unvalidated leaves validation in helpers to them', () => {
  it('does not fire when the whole struct is passed to a helper', () => {
    const text = HANDLER
      .replace(/\|\|\n\s*\(get_dma_buf.flags & ~VFIO_DMABUF_FLAG_TPH\)\)/, ')')
      .replace('tph_index = get_dma_buf.nr_ranges;', 'tph_index = get_dma_buf.nr_ranges;\n\tret = check_dma_buf_args(&get_dma_buf);');
    expect(findingsOf(before, after, { code: [unit(text)] }).filter((x) => x.rule === 'uapi.flags-unvalidated')).toEqual([]);
  });
});
