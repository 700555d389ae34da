/**
 * How `abi-check layout` reports warnings (one line per warning, naming the
 * ABIs it was met on), and how the launcher behaves when the reader of its
 * output goes away.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './run-cli.ts';

describe('abi-check layout warnings', () => {
  it('names each ABI a warning was met on once, however many headers include it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'abi-check-warn-'));
    try {
      writeFileSync(join(dir, 'common.h'), ['#ifdef __x86_64__', '#warning "only on x86_64"', '#endif', 'struct common { int x; };', ''].join('\n'));
      for (const name of ['a.h', 'b.h', 'c.h']) writeFileSync(join(dir, name), `#include "common.h"\nstruct ${name[0]} { int y; };\n`);
      const r = await runCli(['layout', '--abi', 'all', ...['a.h', 'b.h', 'c.h'].map((n) => join(dir, n))]);
      expect(r.code, r.stderr).toBe(0);
      // met by three headers on each ABI that defines __x86_64__: not "x86_64, x86_64, x86_64, x32, …"
      expect(r.stderr).toBe(`${join(dir, 'common.h')}:2: x86_64, x32: warning: #warning "only on x86_64"\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the launcher', () => {
  it('stops quietly when the reader of its output goes away', async () => {
    // as a user's `| head -c 100`, through a real pipe: ~170 KB of layouts, more than the pipe holds
    const cmd = `"${process.execPath}" "${BIN}" layout --abi all linux/bpf.h linux/ethtool.h linux/fs.h | head -c 100 >/dev/null; echo "exit \${PIPESTATUS[0]}" >&2`;
    const child = spawn('bash', ['-c', cmd], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('exit 0\n');
  });
});
