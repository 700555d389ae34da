/** The user's mail identity from git config (edge: runs `git config`). */
import { execFileSync } from 'node:child_process';

export function gitConfig(key: string): string | undefined {
  try {
    const out = execFileSync('git', ['config', '--get', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out || undefined;
  } catch {
    return undefined;
  }
}

export function defaultFromAddress(): string {
  const from = gitConfig('sendemail.from');
  if (from) return from;
  const email = gitConfig('user.email');
  const name = gitConfig('user.name');
  if (email) return name ? `${name} <${email}>` : email;
  return 'abi-check <abi-check@localhost>';
}
