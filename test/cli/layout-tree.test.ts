/**
 * `abi-check layout --tree DIR`: a kernel source tree's uAPI headers laid
 * out without `make headers_install`. The trees here are built from each
 * ABI's installed uAPI headers, put where they are in the kernel's source
 * (include/uapi/linux, include/uapi/asm-generic, arch/<arch>/include/uapi/asm),
 * so laying out from the tree must give exactly what the installed headers
 * give — and what the tree changes must show.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLayoutCommand, type LayoutCommandArgs } from '../../src/cli/layout-command.ts';
import type { AbiName } from '../../src/abi/layout-types.ts';
import { archDirOf } from '../../src/c/preprocess/index.ts';
import { InputError } from '../../src/errors.ts';
import { toolchainFor } from '../abi/layout/gcc/toolchain.ts';

/** ABIs whose installed uAPI headers the trees are built from. */
const ABIS: AbiName[] = ['x86_64', 'aarch64', 'ppc32'];

/** The installed `dir` of `abi`: in the first of its uAPI roots that has it (x86: asm/ is in the multiarch one). */
function installed(abi: AbiName, dir: string): string | undefined {
  return toolchainFor(abi).uapiRoots.map((r) => join(r, dir)).find((p) => existsSync(p));
}

const HEADERS = ['linux/vfio.h', 'linux/kvm.h', 'linux/if_packet.h', 'linux/stat.h', 'linux/ethtool.h', 'asm/ptrace.h', 'asm/sigcontext.h'];

const scratch = mkdtempSync(join(tmpdir(), 'abi-check-tree-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A source-tree arrangement of `abi`'s installed uAPI headers. */
function treeFor(abi: AbiName, name: string): string {
  const root = join(scratch, name);
  mkdirSync(join(root, 'include/uapi'), { recursive: true });
  cpSync(installed(abi, 'linux')!, join(root, 'include/uapi/linux'), { recursive: true });
  cpSync(installed(abi, 'asm-generic')!, join(root, 'include/uapi/asm-generic'), { recursive: true });
  cpSync(installed(abi, 'asm')!, join(root, `arch/${archDirOf(abi)}/include/uapi/asm`), { recursive: true });
  return root;
}

/** The 1-based line of `file` that is `text`. */
function lineOf(file: string, text: string): number {
  return readFileSync(file, 'utf8').split('\n').indexOf(text) + 1;
}

async function layout(args: Partial<LayoutCommandArgs>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runLayoutCommand(
    { includeDirs: [], format: 'json', abi: 'x86_64', files: HEADERS, jobs: 1, ...args },
    { stdout: (s) => (out += s), stderr: (s) => (err += s) },
  );
  return { code, out, err };
}

describe('abi-check layout --tree', () => {
  for (const abi of ABIS) {
    it.runIf(installed(abi, 'asm') !== undefined)(`lays out a tree's headers on ${abi} exactly as the same headers installed`, async () => {
      const tree = treeFor(abi, `full-${abi}`);
      const installed = await layout({ abi });
      const fromTree = await layout({ abi, tree });
      expect(fromTree).toEqual(installed);
      expect(JSON.parse(installed.out).headers['asm/ptrace.h'].records.length).toBeGreaterThan(0);
    }, 30_000);
  }

  it('falls back from the generated asm/ wrappers an unbuilt tree lacks to asm-generic/', async () => {
    const tree = treeFor('x86_64', 'unbuilt');
    const asmDir = join(tree, 'arch/x86/include/uapi/asm');
    // a wrapper is a file whose only line of code includes its asm-generic namesake
    let removed = 0;
    for (const f of readdirSync(asmDir)) {
      const code = readFileSync(join(asmDir, f), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('/*') && !l.startsWith(' *'));
      if (code.length === 1 && code[0] === `#include <asm-generic/${f}>`) {
        unlinkSync(join(asmDir, f));
        removed++;
      }
    }
    expect(removed).toBeGreaterThan(5);
    expect(existsSync(join(asmDir, 'ioctl.h'))).toBe(false);
    expect(await layout({ tree })).toEqual(await layout({}));
  }, 30_000);

  it("uses the tree's own headers, never the installed ones, and names a tree path by its include name", async () => {
    const tree = treeFor('x86_64', 'patched');
    const vfio = join(tree, 'include/uapi/linux/vfio.h');
    writeFileSync(vfio, readFileSync(vfio, 'utf8').replace('struct vfio_region_info {\n', 'struct vfio_region_info {\n\t__u64\tfrom_the_tree;\n'));
    const r = await layout({ tree, files: [vfio], struct: 'vfio_region_info' });
    expect(r.code).toBe(0);
    const records = JSON.parse(r.out).headers['linux/vfio.h'].records;
    expect(records[0].members[0]).toEqual({ name: 'from_the_tree', offset: 0, size: 8 });
    expect(records[0].size).toBe(40);
    const installed = JSON.parse((await layout({ files: ['linux/vfio.h'], struct: 'vfio_region_info' })).out);
    expect(installed.headers['linux/vfio.h'].records[0].size).toBe(32);
  }, 30_000);

  it("warns, once for all ABIs, where a header the tree lacks is taken from the system's installed ones", async () => {
    const tree = treeFor('x86_64', 'partial');
    unlinkSync(join(tree, 'include/uapi/linux/if_ether.h')); // included by linux/ethtool.h
    unlinkSync(join(tree, 'include/uapi/linux/stat.h')); // laid out itself
    const abis = { abi: 'all', files: ['linux/ethtool.h', 'linux/stat.h', 'linux/if.h'] };
    const r = await layout({ tree, ...abis });
    expect(r.code).toBe(0);
    expect(r.out).toBe((await layout(abis)).out);
    const lines = r.err.trim().split('\n');
    expect(lines).toEqual([
      `${join(tree, 'include/uapi/linux/ethtool.h')}:${lineOf(join(tree, 'include/uapi/linux/ethtool.h'), '#include <linux/if_ether.h>')}: all ABIs: warning: linux/if_ether.h: not in the kernel tree (include/uapi/linux/ lacks it); the system's installed copy is used`,
      "linux/stat.h: all ABIs: warning: not in the kernel tree (include/uapi/linux/ lacks it); the system's installed copy is laid out",
    ]);
    // linux/if.h takes <sys/socket.h> from the system, which a kernel tree never has: no warning for that
    expect(r.err).not.toContain('sys/socket.h');
  }, 120_000);

  it('says what is wrong with a --tree that is not a kernel tree', async () => {
    const missing = join(scratch, 'nowhere');
    await expect(layout({ tree: missing })).rejects.toThrow(new InputError(missing, 'no such directory (--tree wants a kernel source tree)'));
    const plain = join(scratch, 'plain');
    mkdirSync(plain, { recursive: true });
    await expect(layout({ tree: plain })).rejects.toThrow(`${plain}: not a kernel source tree: it has no include/uapi`);
  });
});
