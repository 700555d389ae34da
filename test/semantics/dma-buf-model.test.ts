/**
 * The dma-buf model with an interpreted exporter and importer: export
 * through an ops table given by designated initializers, fd install, get,
 * dynamic attach (the exporter's attach op), map/unmap, detach, put and the
 * release op on the last reference — and a put too many is caught.
 */
import { expect, test } from 'vitest';
import { buildTypeModel } from '../../src/c/build-type-model.ts';
import type { Machine } from '../../src/semantics/interpreter/machine.ts';
import { createMachine } from '../../src/semantics/interpreter/program.ts';
import { KernelFault } from '../../src/semantics/interpreter/run-errors.ts';
import { INT } from '../../src/semantics/interpreter/types.ts';
import { asScalar, scalar } from '../../src/semantics/interpreter/values.ts';
import { closeFd, dmaBufState } from '../../src/semantics/kernel/dma-buf.ts';
import { KERNEL_PRELUDE } from '../../src/semantics/kernel/kernel-prelude.ts';
import { kernelModels } from '../../src/semantics/kernel/registry.ts';
import { slabState } from '../../src/semantics/kernel/slab.ts';

const CODE = `
struct my_buf { int attached; int mapped; };

static int my_attach(struct dma_buf *d, struct dma_buf_attachment *a)
{
	struct my_buf *b = d->priv;

	if (!a->peer2peer)
		return -EOPNOTSUPP;
	b->attached++;
	return 0;
}

static struct sg_table *my_map(struct dma_buf_attachment *a, enum dma_data_direction dir)
{
	struct my_buf *b = a->dmabuf->priv;

	b->mapped++;
	return (struct sg_table *)b;
}

static void my_unmap(struct dma_buf_attachment *a, struct sg_table *sgt, enum dma_data_direction dir)
{
	struct my_buf *b = a->dmabuf->priv;

	b->mapped--;
}

static void my_release(struct dma_buf *d)
{
	kfree(d->priv);
}

static const struct dma_buf_ops my_ops = {
	.attach = my_attach,
	.map_dma_buf = my_map,
	.unmap_dma_buf = my_unmap,
	.release = my_release,
};

static const struct dma_buf_ops no_release_ops = {
	.map_dma_buf = my_map,
	.unmap_dma_buf = my_unmap,
};

static const struct dma_buf_attach_ops p2p_importer = { .allow_peer2peer = 1 };
static const struct dma_buf_attach_ops plain_importer = { .allow_peer2peer = 0 };

int export_it(int complete)
{
	struct my_buf *b = kzalloc(sizeof(*b), GFP_KERNEL);
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct dma_buf *d;

	if (!b)
		return -ENOMEM;
	info.ops = complete ? &my_ops : &no_release_ops;
	info.size = 4096;
	info.priv = b;
	d = dma_buf_export(&info);
	if (IS_ERR(d)) {
		kfree(b);
		return PTR_ERR(d);
	}
	return dma_buf_fd(d, O_CLOEXEC);
}

int import_it(int fd, int p2p)
{
	struct dma_buf *d = dma_buf_get(fd);
	struct dma_buf_attachment *a;
	struct sg_table *sgt;
	struct my_buf *b;
	int r;

	if (IS_ERR(d))
		return PTR_ERR(d);
	a = dma_buf_dynamic_attach(d, NULL, p2p ? &p2p_importer : &plain_importer, NULL);
	if (IS_ERR(a)) {
		dma_buf_put(d);
		return PTR_ERR(a);
	}
	sgt = dma_buf_map_attachment(a, DMA_BIDIRECTIONAL);
	b = d->priv;
	r = b->attached * 10 + b->mapped;
	dma_buf_unmap_attachment(a, sgt, DMA_BIDIRECTIONAL);
	r = r * 10 + b->mapped;
	dma_buf_detach(d, a);
	dma_buf_put(d);
	return r;
}

struct outer { long pad; struct my_buf inner; };

long container_offset(void)
{
	struct outer o;
	struct my_buf *in = &o.inner;

	return (char *)container_of(in, struct outer, inner) - (char *)&o + (container_of(in, struct outer, inner) == &o) * 100;
}

int put_twice(int fd)
{
	struct dma_buf *d = dma_buf_get(fd);

	dma_buf_put(d);
	dma_buf_put(d);
	return 0;
}
`;

function machine(): Machine {
  const text = `${KERNEL_PRELUDE}\n${CODE}`;
  const model = buildTypeModel({ path: 'exporter.c', text }, { abi: 'x86_64', kernel: true, includeDirs: [] });
  return createMachine({ model, abi: 'x86_64', units: [{ path: 'exporter.c', text }], models: kernelModels() });
}

function call(m: Machine, name: string, ...args: number[]): number {
  return Number(BigInt.asIntN(32, asScalar(m.call(name, args.map((a) => scalar(INT, BigInt(a))), 'test'), name).v));
}

test('export, fd, attach through the exporter op, map/unmap, detach, put; close releases the buffer', () => {
  const m = machine();
  const fd = call(m, 'export_it', 1);
  expect(fd).toBe(3);
  expect(call(m, 'import_it', fd, 1)).toBe(110);
  expect(m.indirectCalls.map((c) => c.name)).toEqual(['my_attach', 'my_map', 'my_unmap']);
  expect(closeFd(m, fd)).toBe(0);
  expect(m.indirectCalls.map((c) => c.name)).toContain('my_release');
  expect(slabState(m).live.size).toBe(0);
  expect(dmaBufState(m).fds.size).toBe(0);
});

test('the exporter refuses an importer without peer-to-peer support; a bad fd is -EBADF', () => {
  const m = machine();
  const fd = call(m, 'export_it', 1);
  expect(call(m, 'import_it', fd, 0)).toBe(-95);
  expect(call(m, 'import_it', 42, 1)).toBe(-9);
  closeFd(m, fd);
  expect(slabState(m).live.size).toBe(0);
});

test('dma_buf_export refuses ops without release; the exporter frees its private data', () => {
  const m = machine();
  expect(call(m, 'export_it', 0)).toBe(-22);
  expect(slabState(m).live.size).toBe(0);
});

test('container_of finds the containing object', () => {
  expect(call(machine(), 'container_offset')).toBe(100);
});

test('a reference dropped twice: the release runs early and the fd close is a use after free', () => {
  const m = machine();
  const fd = call(m, 'export_it', 1);
  call(m, 'put_twice', fd);
  let err: unknown = null;
  try {
    closeFd(m, fd);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(KernelFault);
  expect((err as KernelFault).kind).toBe('use-after-free');
  expect((err as Error).message).toMatch(/dma_buf_put at close\(3\) on a dma-buf already released/);
});
