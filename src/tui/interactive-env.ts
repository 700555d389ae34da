/**
 * ink renders only the last frame when it thinks it runs in CI (the
 * `is-in-ci` check of CI, CONTINUOUS_INTEGRATION and CI_* variables, read
 * when ink is loaded). `abi-check tui` on a terminal is interactive whatever
 * the environment says, so those variables are dropped for this process
 * before ink loads. Returns the names removed.
 */
export function dropCiDetection(env: NodeJS.ProcessEnv = process.env): string[] {
  const names = Object.keys(env).filter((k) => k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_'));
  for (const k of names) delete env[k];
  return names;
}
