/** Test support: the uAPI part of the TPH series patch 1/2 (include/uapi/linux/vfio.h) as TypeModels. */
import { anonUnion, arr, enumDecl, m, model, rec, struct, u16, u32, u64, u8 } from './model-builder.ts';

export const before = (abi: string) => model(abi, {
  records: [
    struct('vfio_region_dma_range', [m('offset', u64, { line: 1504 }), m('length', u64, { line: 1505 })], { line: 1503 }),
    struct('vfio_device_feature_dma_buf', [
      m('region_index', u32, { line: 1509 }), m('open_flags', u32, { line: 1510 }), m('flags', u32, { line: 1511 }), m('nr_ranges', u32, { line: 1512 }),
      m('dma_ranges', arr(rec('struct vfio_region_dma_range'), null), { line: 1513, attrs: { countedBy: 'nr_ranges' } }),
    ], { line: 1508 }),
  ],
});

export const after = (abi: string) => {
  const tph = struct('vfio_region_dma_tph', [m('steering_tag', u16, { line: 1508 }), m('ph', u8, { line: 1509 }), m('reserved', u8, { line: 1510 }), m('reserved2', u32, { line: 1511 })], { line: 1507 });
  const u1 = anonUnion([m('offset', u64, { line: 1516 }), m('tph', rec('struct vfio_region_dma_tph'), { line: 1517 })], 1515);
  const u2 = anonUnion([m('length', u64, { line: 1520 }), m('reserved', u64, { line: 1521 })], 1519);
  return model(abi, {
    records: [
      tph, u1.decl, u2.decl,
      struct('vfio_region_dma_range', [u1.member, u2.member], { line: 1514 }),
      struct('vfio_device_feature_dma_buf', [
        m('region_index', u32, { line: 1526 }), m('open_flags', u32, { line: 1527 }), m('flags', u32, { line: 1528 }), m('nr_ranges', u32, { line: 1529 }),
        m('entries', arr(rec('struct vfio_region_dma_range'), null), { line: 1530 }),
      ], { line: 1525 }),
    ],
    enums: [enumDecl('vfio_device_feature_dma_buf_flags', [['VFIO_DMABUF_FLAG_TPH', 1]], 1503)],
  });
};

