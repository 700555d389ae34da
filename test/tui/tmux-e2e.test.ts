/**
 * End to end: the real binary in a real terminal (tmux), driven by keys, read
 * back with capture-pane — what a reviewer sees on each screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../cli/run-cli.ts';

const socket = `abi-check-e2e-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const capture = () => tmux('capture-pane', '-p', '-t', 'e2e');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(text: string | RegExp, timeoutMs = 60_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let screen = '';
  while (Date.now() < end) {
    screen = capture();
    if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${String(text)}; screen was:\n${screen}`);
}

describe('TUI under tmux', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'abi-check-tui-'));
  beforeAll(() => {
    tmux('new-session', '-d', '-s', 'e2e', '-x', '80', '-y', '24', '-c', cwd,
      `env NO_COLOR=1 HOME=${cwd} ${process.execPath} ${BIN} tui --offline; sleep 30`);
  });
  afterAll(() => {
    try { tmux('kill-server'); } catch { /* already gone */ }
    rmSync(cwd, { recursive: true, force: true });
  });

  it('opens the bundled example, lists findings, shows the rename and a layout table, writes the JSON report', async () => {
    let screen = await waitFor('Findings —');
    expect(screen).toContain('[PATCH v1 1/2] vfio: add callback to get tph info for dma-buf');
    expect(screen).toMatch(/errors \(\d+\)/);

    // Find the rename among the findings.
    tmux('send-keys', '-t', 'e2e', '/');
    tmux('send-keys', '-t', 'e2e', '-l', 'member-renamed');
    tmux('send-keys', '-t', 'e2e', 'Enter');
    screen = await waitFor('search: member-renamed');
    expect(screen).toContain('uapi.member-renamed');
    expect(screen).toContain('dma_ranges');

    // Detail pane: scroll to the layout table.
    tmux('send-keys', '-t', 'e2e', 'Tab');
    for (let i = 0; i < 80 && !/^sizeof /m.test(screen); i++) {
      tmux('send-keys', '-t', 'e2e', 'j');
      await sleep(100);
      screen = capture();
    }
    expect(screen).toMatch(/Layout of struct vfio_device_feature_dma_buf on x86_64/);
    expect(screen).toMatch(/dma_ranges\s+\?\+0:0\s+—/);
    expect(screen).toMatch(/entries\s+—\s+\?\+0:0/);

    // Write the JSON report after confirming.
    tmux('send-keys', '-t', 'e2e', 'w');
    await waitFor('Write the JSON report to a file? [y/N]');
    tmux('send-keys', '-t', 'e2e', 'y');
    screen = await waitFor('JSON report written to');
    expect(screen).toContain(cwd.slice(0, 20));

    // Help, then quit.
    tmux('send-keys', '-t', 'e2e', '?');
    await waitFor('abi-check TUI — keys');
    tmux('send-keys', '-t', 'e2e', 'x');
    tmux('send-keys', '-t', 'e2e', 'q');
    await sleep(500);
  }, 120_000);
});
