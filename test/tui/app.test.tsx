import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/tui/App.tsx';
import type { TuiActions } from '../../src/tui/actions.ts';
import { makeTheme } from '../../src/tui/theme.ts';
import type { SeriesSummary } from '../../src/tui/series-summary.ts';
import { sampleReport, sampleSeries } from './sample-analysis.ts';

const KEY = { down: '\u001B[B', up: '\u001B[A', enter: '\r', tab: '\t', esc: '\u001B' };
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/** Waits until the last frame contains `text` (machines under load draw late). */
async function until(ui: { lastFrame: () => string | undefined }, text: string, timeoutMs = 10_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const frame = ui.lastFrame() ?? '';
    if (frame.includes(text) || Date.now() > end) return frame;
    await tick(20);
  }
}

function fakeActions(log: string[]): TuiActions {
  return {
    writeMail: async () => { log.push('writeMail'); return 'reply mail written to /tmp/x.mbox'; },
    sendMail: async () => { log.push('sendMail'); return 'sent'; },
    postCheck: async () => { log.push('postCheck'); return 'patch 1: fail'; },
    writeJson: async () => { log.push('writeJson'); return 'JSON report written to /tmp/r.json'; },
  };
}

const analysed = { report: sampleReport(), series: sampleSeries() };
const analyse = async (_t: string | undefined, onProgress: (e: never) => void) => {
  onProgress({ stage: 'fetch', status: 'start' } as never);
  onProgress({ stage: 'fetch', status: 'done', ms: 3 } as never);
  await tick(10);
  return analysed;
};

const SERIES: SeriesSummary[] = [
  { id: 11, name: 'vfio: add callback to get tph info', version: 1, submitter: 'Zhiping Zhang', date: '2026-04-20 18:39', received: 2, total: 2 },
  { id: 12, name: 'PCI: fix something unrelated', version: 3, submitter: 'Bjorn Helgaas', date: '2026-04-19 10:00', received: 1, total: 2 },
];

function openExample(log: string[] = []) {
  return render(
    <App project="bundled example" listSeries={null} analyse={analyse} actions={fakeActions(log)}
      openDirect={{ target: undefined, title: 'the bundled example series' }} theme={makeTheme({ NO_COLOR: '1' })} />,
  );
}

describe('TUI series view', () => {
  it('opens the example directly and lists findings grouped by level', async () => {
    const ui = openExample();
    await until(ui, 'Detail — ABI');
    const frame = ui.lastFrame() ?? '';
    expect(frame).toContain('Patches');
    expect(frame).toContain('[PATCH v1 1/2] vfio: add callback to get tph info for dma-buf');
    expect(frame).toContain('errors (1)');
    expect(frame).toContain('uapi.member-renamed');
    expect(frame).toContain('warnings (1)');
    ui.unmount();
  });

  it('shows the hunk and the layout table of the selected finding, and switches ABI with a', async () => {
    const ui = openExample();
    await until(ui, 'Detail — ABI');
    let frame = ui.lastFrame() ?? '';
    expect(frame).toContain('Detail — ABI x86_64');
    ui.stdin.write(KEY.tab); // findings → detail
    await tick();
    for (let i = 0; i < 12; i++) { ui.stdin.write('j'); await tick(5); }
    await tick();
    frame = ui.lastFrame() ?? '';
    expect(frame).toMatch(/-\s*struct vfio_region_dma_range dma_ranges\[\] __counted_by\(nr_ranges\);|Layout of struct vfio_device_feature_dma_buf/);
    ui.stdin.write('a');
    expect(await until(ui, 'Detail — ABI i386')).toContain('Detail — ABI i386');
    ui.unmount();
  });

  it('moves through findings with j/k and arrows', async () => {
    const ui = openExample();
    await until(ui, 'Detail — ABI');
    ui.stdin.write(KEY.down);
    expect(await until(ui, '[warning] uapi.counted-by-dropped')).toContain('[warning] uapi.counted-by-dropped');
    ui.stdin.write('j');
    expect(await until(ui, '[note] kabi.ops-changed')).toContain('[note] kabi.ops-changed');
    ui.stdin.write('k');
    expect(await until(ui, '[warning] uapi.counted-by-dropped')).toContain('[warning] uapi.counted-by-dropped');
    ui.unmount();
  });

  it('filters findings to one patch from the patches pane', async () => {
    const ui = openExample();
    await until(ui, 'Detail — ABI');
    ui.stdin.write(KEY.tab); ui.stdin.write(KEY.tab); // findings → detail → patches
    await tick();
    ui.stdin.write(KEY.down); ui.stdin.write(KEY.down); // patch 2
    const frame = await until(ui, 'behaviour.new-accepted');
    expect(frame).toContain('behaviour.new-accepted');
    expect(frame).not.toContain('uapi.member-renamed  struct');
    ui.unmount();
  });

  it('searches findings with /', async () => {
    const ui = openExample();
    await until(ui, 'Detail — ABI');
    ui.stdin.write('/');
    await tick();
    for (const ch of 'kabi') ui.stdin.write(ch);
    expect(await until(ui, '/kabi')).toContain('/kabi');
    ui.stdin.write(KEY.enter);
    const frame = await until(ui, 'search: kabi');
    expect(frame).toContain('search: kabi');
    expect(frame).toContain('kabi.ops-changed');
    expect(frame).not.toContain('uapi.member-renamed  struct');
    ui.unmount();
  });

  it('asks before every action and runs it only on y', async () => {
    const log: string[] = [];
    const ui = openExample(log);
    await until(ui, 'Detail — ABI');
    ui.stdin.write('w');
    expect(await until(ui, 'Write the JSON report to a file? [y/N]')).toContain('Write the JSON report to a file? [y/N]');
    ui.stdin.write('n');
    expect(await until(ui, 'cancelled')).toContain('cancelled');
    expect(log).toEqual([]);
    for (const [key, name] of [['w', 'writeJson'], ['m', 'writeMail'], ['c', 'postCheck'], ['s', 'sendMail']]) {
      const before = log.length;
      ui.stdin.write(key);
      ui.stdin.write('y');
      for (let i = 0; i < 500 && log.length === before; i++) await tick(20);
      expect(log.at(-1)).toBe(name);
    }
    expect(await until(ui, 'sent')).toContain('sent');
    ui.unmount();
  });

  it('shows help on ? and returns on any key', async () => {
    const ui = openExample();
    await until(ui, 'Detail — ABI');
    ui.stdin.write('?');
    expect(await until(ui, 'abi-check TUI — keys')).toContain('abi-check TUI — keys');
    ui.stdin.write('x');
    await tick();
    expect(ui.lastFrame()).not.toContain('abi-check TUI — keys');
    ui.unmount();
  });

  it('strips terminal control sequences from patch and finding text', async () => {
    const ui = openExample();
    await until(ui, 'Detail — ABI');
    ui.stdin.write(KEY.tab); ui.stdin.write(KEY.tab);
    ui.stdin.write(KEY.down); ui.stdin.write(KEY.down);
    const frame = await until(ui, 'importer reads the steering tag from the exporter');
    expect(frame).toContain('importer reads the steering tag from the exporter');
    expect(frame).not.toContain('\u001b[31m');
    ui.unmount();
  });
});

describe('TUI series browser', () => {
  it('lists series, filters with /, pages, opens one with progress and shows its verdict badge after', async () => {
    const pages: number[] = [];
    const listSeries = async (page: number) => { pages.push(page); return page === 1 ? SERIES : []; };
    const ui = render(
      <App project="linux-pci" listSeries={listSeries} analyse={analyse} actions={fakeActions([])} openDirect={null} theme={makeTheme({ NO_COLOR: '1' })} />,
    );
    let frame = await until(ui, 'PCI: fix something unrelated');
    expect(frame).toContain('Series of linux-pci — page 1');
    expect(frame).toContain('vfio: add callback to get tph info');
    expect(frame).toContain('PCI: fix something unrelated');
    expect(frame).toContain('2/2');
    ui.stdin.write('/');
    for (const ch of 'helgaas') ui.stdin.write(ch);
    ui.stdin.write(KEY.enter);
    frame = await until(ui, 'filter: helgaas');
    expect(frame).toContain('filter: helgaas');
    expect(frame).not.toContain('vfio: add callback');
    ui.stdin.write('/');
    for (let i = 0; i < 7; i++) ui.stdin.write('\u007f');
    ui.stdin.write(KEY.enter);
    await tick();
    ui.stdin.write('n');
    expect(await until(ui, 'No series match.')).toContain('No series match.');
    expect(pages).toEqual([1, 2]);
    ui.stdin.write('p');
    await until(ui, 'PCI: fix something unrelated');
    ui.stdin.write(KEY.enter);
    expect(await until(ui, 'uapi.member-renamed')).toContain('uapi.member-renamed');
    ui.stdin.write('q');
    expect(await until(ui, 'BRK!')).toContain('BRK!');
    ui.unmount();
  });

  it('shows a Patchwork error instead of the list', async () => {
    const ui = render(
      <App project="linux-pci" listSeries={async () => { throw new Error('https://pw/api/1.3/series/: HTTP 503'); }}
    analyse={analyse} actions={fakeActions([])} openDirect={null} theme={makeTheme({ NO_COLOR: '1' })} />,
    );
    expect(await until(ui, 'HTTP 503')).toContain('HTTP 503');
    ui.unmount();
  });

  it('shows an analysis failure on the progress screen and goes back with esc', async () => {
    const ui = render(
      <App project="linux-pci" listSeries={async () => SERIES} analyse={async () => { throw new Error('series 11: not found (404)'); }}
    actions={fakeActions([])} openDirect={null} theme={makeTheme({ NO_COLOR: '1' })} />,
    );
    await tick(50);
    ui.stdin.write(KEY.enter);
    expect(await until(ui, 'failed: series 11: not found (404)')).toContain('failed: series 11: not found (404)');
    ui.stdin.write('q');
    expect(await until(ui, 'Series of linux-pci')).toContain('Series of linux-pci');
    ui.unmount();
  });
});

describe('TUI input chunks', () => {
  it('takes a search typed ahead in one chunk (/text) like separate keys', async () => {
    const ui = openExample();
    await until(ui, 'Detail — ABI');
    ui.stdin.write('/kabi');
    expect(await until(ui, '/kabi▏')).toContain('/kabi▏');
    ui.stdin.write(KEY.enter);
    expect(await until(ui, 'search: kabi')).toContain('kabi.ops-changed');
    ui.unmount();
    const ui2 = openExample();
    await until(ui2, 'Detail — ABI');
    ui2.stdin.write('/counted\r');
    expect(await until(ui2, 'search: counted')).toContain('uapi.counted-by-dropped');
    ui2.unmount();
    ui.unmount();
  });
});
