/**
 * The reviewer's cockpit: series browser → analysis progress → series view,
 * with help, search and confirmed actions. All IO is injected (listSeries,
 * analyse, actions) so every screen and key path is testable.
 */
import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, type Key } from 'ink';
import type { ProgressEvent } from '../pipeline/options.ts';
import type { SeriesSummary } from './series-summary.ts';
import { matchesFilter } from './series-summary.ts';
import { SeriesBrowser } from './SeriesBrowser.tsx';
import { ProgressView, type StageState } from './ProgressView.tsx';
import { SeriesView, paneHeights, type Pane } from './SeriesView.tsx';
import { HelpScreen } from './HelpScreen.tsx';
import { ACTION_KEYS, type ActionName, type Analysed, type TuiActions } from './actions.ts';
import { visibleFindings } from './findings-list.ts';
import { layoutKeyFor } from '../report/layout-key.ts';
import { abisWithLayout, detailLines } from './detail-lines.ts';
import { clip, sanitize } from './sanitize.ts';
import type { Theme } from './theme.ts';
import { useTerminalSize } from './use-terminal-size.ts';
import { useRefState } from './use-ref-state.ts';

export interface AppProps {
  project: string;
  /** null when there is no series list to browse (offline, or a target given). */
  listSeries: ((page: number) => Promise<SeriesSummary[]>) | null;
  analyse: (target: string | undefined, onProgress: (e: ProgressEvent) => void) => Promise<Analysed>;
  actions: TuiActions;
  /** Open this series directly; `target: undefined` is the bundled example. */
  openDirect: { target: string | undefined; title: string } | null;
  theme: Theme;
}

type Screen = 'browser' | 'progress' | 'series';
const PANES: Pane[] = ['patches', 'findings', 'detail'];

export function App(props: AppProps): React.ReactElement {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const width = Math.max(40, columns);
  const height = Math.max(12, rows - 1);

  const [screen, setScreen, screenRef] = useRefState<Screen>(props.openDirect ? 'progress' : 'browser');
  const [help, setHelp, helpRef] = useRefState(false);
  // Browser state.
  const [page, setPage] = useState(1);
  const [seriesRows, setSeriesRows, seriesRowsRef] = useRefState<SeriesSummary[]>([]);
  const [browserSel, setBrowserSel, browserSelRef] = useRefState(0);
  const [filter, setFilter, filterRef] = useRefState('');
  const [loading, setLoading] = useState(!!props.listSeries && !props.openDirect);
  const [listError, setListError] = useState<string | null>(null);
  const verdicts = useRef(new Map<number, SeriesSummary['verdict']>());
  // Progress state.
  const [title, setTitle] = useState(props.openDirect?.title ?? '');
  const [stages, setStages] = useState<Record<string, StageState>>({});
  const [progressMsg, setProgressMsg] = useState('');
  const [progressError, setProgressError, progressErrorRef] = useRefState<string | null>(null);
  const [tick, setTick] = useState(0);
  // Series view state.
  const [analysed, setAnalysed, analysedRef] = useRefState<Analysed | null>(null);
  const [pane, setPane, paneRef] = useRefState<Pane>('findings');
  const [patchSel, setPatchSel, patchSelRef] = useRefState(0);
  const [findingSel, setFindingSel, findingSelRef] = useRefState(0);
  const [detailScroll, setDetailScroll] = useState(0);
  const [abiIndex, setAbiIndex, abiIndexRef] = useRefState(0);
  const [search, setSearch, searchRef] = useRefState('');
  // Prompt state: typing a search, or confirming an action.
  const [typing, setTyping, typingRef] = useRefState<string | null>(null);
  const [confirm, setConfirm, confirmRef] = useRefState<{ action: ActionName; question: string } | null>(null);
  const [status, setStatus] = useState('');

  const filtered = seriesRows.filter((s) => matchesFilter(s, filter));

  useEffect(() => {
    if (!props.listSeries || screen !== 'browser') return;
    let live = true;
    setLoading(true);
    setListError(null);
    props.listSeries(page).then(
      (list) => {
        if (!live) return;
        setSeriesRows(list.map((s) => ({ ...s, verdict: verdicts.current.get(s.id) })));
        setBrowserSel(0);
        setLoading(false);
      },
      (err: Error) => {
        if (!live) return;
        setListError(err.message);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [page, props.listSeries]);

  useEffect(() => {
    if (screen !== 'progress' || progressError) return undefined;
    const t = setInterval(() => setTick((n) => n + 1), 120);
    return () => clearInterval(t);
  }, [screen, progressError]);

  const open = useCallback(
    (target: string | undefined, label: string, seriesId: number | null) => {
      setTitle(label);
      setStages({});
      setProgressMsg('');
      setProgressError(null);
      setScreen('progress');
      props
        .analyse(target, (e) => {
          if (e.status === 'info' && e.message) setProgressMsg(e.message);
          else setStages((s) => ({ ...s, [e.stage]: { status: e.status === 'done' ? 'done' : 'running', ms: e.ms } }));
        })
        .then(
          (a) => {
            if (seriesId !== null) verdicts.current.set(seriesId, a.report.summary.verdict);
            setSeriesRows((rs) => rs.map((r) => (r.id === seriesId ? { ...r, verdict: a.report.summary.verdict } : r)));
            setAnalysed(a);
            setPane('findings');
            setPatchSel(0);
            setFindingSel(0);
            setDetailScroll(0);
            setAbiIndex(0);
            setSearch('');
            setStatus(`${a.report.summary.verdict}: ${a.report.summary.errors} errors, ${a.report.summary.warnings} warnings, ${a.report.summary.notes} notes`);
            setScreen('series');
          },
          (err: Error) => setProgressError(err.message),
        );
    },
    [props.analyse],
  );

  useEffect(() => {
    if (props.openDirect) open(props.openDirect.target, props.openDirect.title, null);
  }, []);

  const back = () => {
    const screen = screenRef.current;
    if (screen === 'series' || (screen === 'progress' && progressErrorRef.current)) {
      if (props.listSeries) setScreen('browser');
      else exit();
    } else if (screen === 'browser') exit();
  };

  const runAction = (action: ActionName) => {
    const current = analysedRef.current;
    if (!current) return;
    setStatus(`${action}…`);
    props.actions[action](current).then(
      (msg) => setStatus(sanitize(msg)),
      (err: Error) => setStatus(`failed: ${sanitize(err.message)}`),
    );
  };

  const handleKey = (input: string, key: Key) => {
    const screen = screenRef.current;
    const typing = typingRef.current;
    const confirm = confirmRef.current;
    const pane = paneRef.current;
    const patchSel = patchSelRef.current;
    const search = searchRef.current;
    if (helpRef.current) {
      setHelp(false);
      return;
    }
    if (confirm) {
      if (input === 'y' || input === 'Y') runAction(confirm.action);
      else setStatus('cancelled');
      setConfirm(null);
      return;
    }
    if (typing !== null) {
      if (key.return) {
        if (screen === 'browser') { setFilter(typing); setBrowserSel(0); } else { setSearch(typing); setFindingSel(0); setDetailScroll(0); }
        setTyping(null);
      } else if (key.escape) setTyping(null);
      else if (key.backspace || key.delete) setTyping(typing.slice(0, -1));
      else if (input && !key.ctrl && !key.meta) setTyping(typing + sanitize(input));
      return;
    }
    if (input === '?') { setHelp(true); return; }
    if (input === 'q' || key.escape) { back(); return; }
    if (input === '/' && screen !== 'progress') { setTyping(screen === 'browser' ? filterRef.current : search); return; }
    const up = key.upArrow || input === 'k';
    const down = key.downArrow || input === 'j';

    if (screen === 'browser') {
      const rows = seriesRowsRef.current.filter((s) => matchesFilter(s, filterRef.current));
      if (up) setBrowserSel((s) => Math.max(0, s - 1));
      else if (down) setBrowserSel((s) => Math.min(rows.length - 1, s + 1));
      else if (input === 'n') setPage((p) => p + 1);
      else if (input === 'p') setPage((p) => Math.max(1, p - 1));
      else if (key.return && rows[browserSelRef.current]) {
        const s = rows[browserSelRef.current];
        open(String(s.id), `series ${s.id}: ${s.name}`, s.id);
      }
      return;
    }
    if (screen !== 'series' || !analysedRef.current) return;
    const analysed = analysedRef.current;
    const findings = visibleFindings(analysed.report, patchSel, search);
    const selected = findings[findingSelRef.current] ?? null;
    const abis = abisWithLayout(analysed.report, selected ? layoutKeyFor(analysed.report, selected.symbol) : null);
    if (key.tab) {
      setPane((p) => PANES[(PANES.indexOf(p) + (key.shift ? PANES.length - 1 : 1)) % PANES.length]);
    } else if (up || down) {
      const d = up ? -1 : 1;
      if (pane === 'patches') {
        setPatchSel((s) => Math.min(analysed.series.patches.length, Math.max(0, s + d)));
        setFindingSel(0);
        setDetailScroll(0);
      } else if (pane === 'findings') {
        setFindingSel((s) => Math.min(Math.max(0, findings.length - 1), Math.max(0, s + d)));
        setDetailScroll(0);
      } else {
        const abi = abis[abiIndexRef.current % Math.max(1, abis.length)] ?? 'x86_64';
        const total = detailLines(analysed.report, analysed.series, selected, abi, width - 1).length;
        const visible = paneHeights(height - 1, analysed.series.patches.length).detail - 1;
        setDetailScroll((s) => Math.min(Math.max(0, total - visible), Math.max(0, s + d)));
      }
    } else if (key.return) {
      if (pane === 'patches') setPane('findings');
      else if (pane === 'findings') setPane('detail');
    } else if (input === 'a') {
      setAbiIndex((i) => i + 1);
    } else if (ACTION_KEYS[input]) {
      setConfirm(ACTION_KEYS[input]);
    }
  };

  useInput((input, key) => {
    // Keys typed ahead or pasted arrive as one chunk: take them one at a time,
    // so `/text⏎` searches even when it comes in a single read.
    const plain = !key.ctrl && !key.meta && !key.return && !key.escape && !key.tab;
    if (plain && [...input].length > 1) {
      for (const ch of input) {
        if (ch === '\r' || ch === '\n') handleKey('', { ...key, return: true });
        else if (ch === '\t') handleKey('', { ...key, tab: true });
        else handleKey(ch, key);
      }
      return;
    }
    handleKey(input, key);
  });

  let body: React.ReactElement;
  if (help) body = <HelpScreen />;
  else if (screen === 'browser')
    body = (
      <SeriesBrowser project={props.project} page={page} rows={filtered} selected={browserSel} filter={filter}
        loading={loading} error={listError} width={width} height={height - 1} theme={props.theme} />
    );
  else if (screen === 'progress' || !analysed)
    body = <ProgressView title={title} stages={stages} message={progressMsg} tick={tick} error={progressError} width={width} theme={props.theme} />;
  else {
    const findings = visibleFindings(analysed.report, patchSel, search);
    const sel = findings[findingSel] ?? null;
    const abis = abisWithLayout(analysed.report, sel ? layoutKeyFor(analysed.report, sel.symbol) : null);
    const abi = abis.length ? abis[abiIndex % abis.length] : 'x86_64';
    body = (
      <SeriesView report={analysed.report} series={analysed.series} pane={pane} patchSel={patchSel} findingSel={findingSel}
        detailScroll={detailScroll} abi={abi} search={search} width={width} height={height - 1} theme={props.theme} />
    );
  }

  let footer: string;
  if (typing !== null) footer = `/${typing}▏  (enter: apply, esc: cancel)`;
  else if (confirm) footer = `${confirm.question} [y/N]`;
  else if (screen === 'browser') footer = 'enter open · / filter · n/p page · ? help · q quit';
  else if (screen === 'series') footer = `${status ? `${status} · ` : ''}tab pane · a ABI · m mail · s send · c check · w json · ? help · q back`;
  else footer = progressError ? 'esc back' : 'working…';

  return (
    <Box flexDirection="column" width={width}>
      {body}
      <Text inverse={!!confirm} color={props.theme.color('dim')}>{clip(footer, width)}</Text>
    </Box>
  );
}
