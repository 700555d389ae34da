/**
 * Text from patches and mail is untrusted: strip terminal control sequences
 * (CSI, OSC, DCS, single ESC commands) and C0/C1 controls before drawing.
 * Tabs become spaces so column arithmetic stays right.
 */
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]/g;

export function sanitize(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(/\t/g, '    ').replace(CONTROLS, '');
}

/** Cut to `width` columns (one column per code point is close enough for kernel text). */
export function clip(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
}
