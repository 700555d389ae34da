/** The user's mail identity from git config (edge: runs `git config`). */
import { readGitConfig as gitConfig } from '../git-config.ts';

export { gitConfig };

export function defaultFromAddress(): string {
  const from = gitConfig('sendemail.from');
  if (from) return from;
  const email = gitConfig('user.email');
  const name = gitConfig('user.name');
  if (email) return name ? `${name} <${email}>` : email;
  return 'abi-check <abi-check@localhost>';
}
