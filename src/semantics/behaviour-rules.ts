/**
 * The behaviour.* rules the emulator's findings use (findings.ts), for the
 * rule catalogue (`abi-check rules`): id, level, kind and what each checks.
 */
export interface BehaviourRule {
  id: string;
  level: 'error' | 'warning' | 'note';
  kind: 'semantic';
  summary: string;
}

export const BEHAVIOUR_RULES: readonly BehaviourRule[] = [
  { id: 'behaviour.legacy-changed', level: 'error', kind: 'semantic', summary: 'an input built against the old uAPI header behaves differently after the series' },
  { id: 'behaviour.new-accepted', level: 'note', kind: 'semantic', summary: 'an input rejected before the series is accepted after it' },
  { id: 'behaviour.leak', level: 'error', kind: 'semantic', summary: 'memory still allocated when the emulated process has exited, new with the series' },
  { id: 'behaviour.double-free', level: 'error', kind: 'semantic', summary: 'memory freed twice on a path of the changed code' },
  { id: 'behaviour.use-after-free', level: 'error', kind: 'semantic', summary: 'freed memory used on a path of the changed code' },
  { id: 'behaviour.user-fault', level: 'error', kind: 'semantic', summary: 'user memory accessed beyond what userspace provided' },
  { id: 'behaviour.oops', level: 'error', kind: 'semantic', summary: 'any other kernel fault (NULL dereference, bad pointer) on a path of the changed code' },
  { id: 'behaviour.uninitialised-read', level: 'error', kind: 'semantic', summary: 'uninitialised kernel memory read (or copied to userspace) on a path of the changed code' },
  { id: 'behaviour.unvalidated-input', level: 'warning', kind: 'semantic', summary: 'user input the kernel should reject reaches it unchecked, or is read beyond argsz' },
];
