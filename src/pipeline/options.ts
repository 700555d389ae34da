/**
 * What one analysis run needs, independent of where it was asked for (CLI,
 * TUI, watch). The CLI and the TUI build this; the pipeline consumes it.
 */
import type { AbiName } from '../abi/layout-types.ts';

export interface PipelineOptions {
  /** Series id, URL, message-id or file path; undefined = the bundled example. */
  target?: string;
  patchId?: number;
  server?: string;
  token?: string;
  apiVersion?: string;
  offline?: boolean;
  cacheDir?: string;
  /** Local kernel git tree. */
  tree?: string;
  /** OWNER/REPO[@REF] on GitHub. */
  github?: string;
  githubToken?: string;
  githubBaseUrl?: string;
  /** ABIs to lay out and compare (default: all 14). */
  abis: AbiName[];
  /** ABI the emulator lays out userspace arguments with. */
  emulateAbi: AbiName;
  /** Run the emulator stage. */
  behaviour: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

export type StageName = 'fetch' | 'apply' | 'parse' | 'layouts' | 'emulator' | 'report';

export interface ProgressEvent {
  stage: StageName;
  status: 'start' | 'done' | 'info';
  message?: string;
  /** Milliseconds the stage took (on 'done'). */
  ms?: number;
}
