/**
 * Real headers: the system's uAPI headers (linux-libc-dev) against a copy with
 * edits made here, through the real front end on all 14 ABIs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';
import { ABI_NAMES, type AbiName } from '../../../src/abi/layout-types.ts';
import { diffFile } from '../../../src/abi/diff/diff-file.ts';
import { layoutRecord, sizeAlignOf } from '../../../src/abi/layout/index.ts';
import { RULES } from '../../../src/abi/rules/index.ts';
import { encodeIoctl } from '../../../src/abi/diff/ioctl-encoding.ts';

const ABIS: AbiName[] = [...ABI_NAMES];
const INCLUDE = ['/usr/include', '/usr/include/x86_64-linux-gnu'];

function run(name: string, before: string, after: string) {
  const path = `include/uapi/linux/${name}`;
  const models = (text: string) => Object.fromEntries(ABIS.map((abi) => [abi, buildTypeModel({ path, text }, { abi, kernel: false, includeDirs: INCLUDE })]));
  const diff = diffFile({ path, scope: 'uapi-header', abis: ABIS, before: models(before), after: models(after), engine: { layoutRecord, sizeAlignOf } });
  return { diff, findings: RULES.filter((r) => r.scopes.includes('uapi-header')).flatMap((r) => r.check({ patch: 1, diff, code: [], seriesCode: [], implementations: [], calls: [], variableDeclarations: [], variableUses: [], abis: ABIS })) };
}

function edit(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`edit did not apply: ${from}`);
  return out;
}

describe.runIf(existsSync('/usr/include/linux/vfio.h'))('system linux/vfio.h', () => {
  const original = readFileSync('/usr/include/linux/vfio.h', 'utf8');

  it('against itself: no findings, every struct laid out on every ABI', () => {
    const { diff, findings } = run('vfio.h', original, original);
    expect(findings).toEqual([]);
    expect(diff.records.length).toBeGreaterThan(40);
    expect(diff.notes).toEqual([]);
  });

  it('a rename, an enumerator inserted in the middle and a comment edit', () => {
    let edited = edit(original, /__u32\tcap_offset;\t\/\* Offset within info struct of first cap \*\//, '__u32\tcap_off;');
    edited = edit(edited, '\tVFIO_PCI_VGA_REGION_INDEX,', '\tVFIO_PCI_NEW_REGION_INDEX,\n\tVFIO_PCI_VGA_REGION_INDEX,');
    edited = edit(edited, 'struct vfio_info_cap_header {', '/* edited */ struct vfio_info_cap_header {');
    const { findings } = run('vfio.h', original, edited);
    const rules = findings.map((f) => `${f.rule} ${f.symbol}`).sort();
    expect(rules).toEqual([
      'uapi.enum-added VFIO_PCI_NEW_REGION_INDEX',
      'uapi.enum-value-changed VFIO_PCI_VGA_REGION_INDEX',
      'uapi.member-renamed struct vfio_region_info.cap_offset',
    ]);
    const vga = findings.find((f) => f.rule === 'uapi.enum-value-changed')!;
    expect(vga.message).toContain('VFIO_PCI_VGA_REGION_INDEX 8 → 9 because VFIO_PCI_NEW_REGION_INDEX was inserted before it');
    expect(findings.find((f) => f.rule === 'uapi.member-renamed')!.message).toContain('offset 12, size 4');
  });
});

describe.runIf(existsSync('/usr/include/linux/dma-buf.h'))('system linux/dma-buf.h', () => {
  const original = readFileSync('/usr/include/linux/dma-buf.h', 'utf8');

  it('growing the _IOW argument changes sizeof and the request number, per ABI', () => {
    const edited = edit(original, /(struct dma_buf_sync \{[\s\S]*?__u64 flags;)/, '$1\n\t__u32 extra;');
    const { findings } = run('dma-buf.h', original, edited);
    // appended, old members untouched: the growth is a warning, the request number that encodes it the error
    const size = findings.find((f) => f.rule === 'uapi.struct-appended')!;
    expect(size.after).toMatchObject({ x86_64: 16, i386: 12, m68k: 12, aarch64: 16 });
    const ioctl = findings.find((f) => f.rule === 'uapi.ioctl-number-changed' && f.symbol === 'DMA_BUF_IOCTL_SYNC')!;
    expect(ioctl.abis).toEqual(ABIS);
    // 'b' = 0x62, nr 0; _IOW → write; the new size is encoded.
    expect(ioctl.after).toMatchObject({
      x86_64: `0x${encodeIoctl('x86_64', 'write', 0x62, 0, 16).toString(16)}`,
      i386: `0x${encodeIoctl('i386', 'write', 0x62, 0, 12).toString(16)}`,
      ppc64le: `0x${encodeIoctl('ppc64le', 'write', 0x62, 0, 16).toString(16)}`,
    });
    expect(ioctl.after).toMatchObject({ x86_64: '0x40106200', i386: '0x400c6200', ppc64le: '0x80106200', mips: '0x80106200', m68k: '0x400c6200' });
    expect(findings.filter((f) => f.level === 'error').map((f) => f.rule).sort()).toEqual(['uapi.ioctl-number-changed']);
  });
});
