/**
 * `git config --get KEY` (edge: runs git), shared by the CLI's Patchwork
 * settings, the mail identity and the SMTP settings.
 */
import { execFileSync } from 'node:child_process';

/** The value (in `cwd`, default the current directory), or undefined when unset or git is unavailable. */
export function readGitConfig(key: string, cwd?: string): string | undefined {
  try {
    const out = execFileSync('git', ['config', '--get', key], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    const value = out.trim();
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}
