/**
 * Where abi-check finds its Patchwork server, API version, token and project.
 *
 *   server:  --server, $ABI_CHECK_SERVER, `git config pw.server`, https://patchwork.kernel.org
 *   token:   --token,  $ABI_CHECK_TOKEN,  `git config pw.token`
 *   project: --project, $ABI_CHECK_PROJECT, `git config pw.project`
 *   api:     --api-version, the /api/1.x suffix of the server URL (git-pw
 *            stores pw.server that way), else 1.3
 *
 * resolvePatchworkConfig is pure given `gitConfig`; the default reads git's
 * configuration through `git config --get` (the only IO here).
 */
import { readGitConfig } from '../git-config.ts';
import { UsageError } from '../errors.ts';

import { API_VERSIONS, DEFAULT_API_VERSION, DEFAULT_SERVER } from '../patchwork/defaults.ts';

export { API_VERSIONS, DEFAULT_API_VERSION, DEFAULT_SERVER };

export interface PatchworkConfig {
  /** Server base URL without trailing slash and without /api/…. */
  server: string;
  apiVersion: string;
  token: string | null;
  project: string | null;
  /** Where each value came from, for --verbose output and error messages. */
  sources: { server: string; apiVersion: string; token: string | null };
}

export interface PatchworkConfigInput {
  flags: { server?: string; token?: string; apiVersion?: string; project?: string };
  env: NodeJS.ProcessEnv | Record<string, string | undefined>;
  /** Reads one git config key; defaults to `git config --get KEY` in the current directory. */
  gitConfig?: (key: string) => string | undefined;
}

export { readGitConfig };

/** Split "https://host/prefix/api/1.2/" into base "https://host/prefix" and version "1.2". */
export function splitServerUrl(value: string, origin: string): { server: string; apiVersion: string | null } {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UsageError(`${origin}: "${value}" is not a URL (expected e.g. https://patchwork.kernel.org)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${origin}: "${value}" is not an http(s) URL`);
  }
  let path = url.pathname.replace(/\/+$/, '');
  let apiVersion: string | null = null;
  const api = /\/api(?:\/(\d+\.\d+))?$/.exec(path);
  if (api) {
    apiVersion = api[1] ?? null;
    path = path.slice(0, api.index);
  }
  return { server: `${url.origin}${path}`, apiVersion };
}

export function checkApiVersion(version: string, origin: string): string {
  const v = version.trim().replace(/^v/, '');
  if (!API_VERSIONS.includes(v)) {
    throw new UsageError(`${origin}: API version "${version}" is not supported (use one of ${API_VERSIONS.join(', ')})`);
  }
  return v;
}

function firstSet(...candidates: Array<[string | undefined, string]>): [string, string] | null {
  for (const [value, source] of candidates) if (value !== undefined && value.trim() !== '') return [value.trim(), source];
  return null;
}

export function resolvePatchworkConfig(input: PatchworkConfigInput): PatchworkConfig {
  const { flags, env } = input;
  const git = input.gitConfig ?? readGitConfig;
  const serverChoice = firstSet(
    [flags.server, '--server'],
    [env.ABI_CHECK_SERVER, '$ABI_CHECK_SERVER'],
    [git('pw.server'), 'git config pw.server'],
  ) ?? [DEFAULT_SERVER, 'default'];
  const { server, apiVersion: fromUrl } = splitServerUrl(serverChoice[0], serverChoice[1]);

  let apiVersion = DEFAULT_API_VERSION;
  let apiSource = 'default';
  if (flags.apiVersion !== undefined && flags.apiVersion.trim() !== '') {
    apiVersion = checkApiVersion(flags.apiVersion, '--api-version');
    apiSource = '--api-version';
  } else if (fromUrl !== null) {
    apiVersion = checkApiVersion(fromUrl, serverChoice[1]);
    apiSource = serverChoice[1];
  }

  const tokenChoice = firstSet(
    [flags.token, '--token'],
    [env.ABI_CHECK_TOKEN, '$ABI_CHECK_TOKEN'],
    [git('pw.token'), 'git config pw.token'],
  );
  const projectChoice = firstSet(
    [flags.project, '--project'],
    [env.ABI_CHECK_PROJECT, '$ABI_CHECK_PROJECT'],
    [git('pw.project'), 'git config pw.project'],
  );
  return {
    server,
    apiVersion,
    token: tokenChoice ? tokenChoice[0] : null,
    project: projectChoice ? projectChoice[0] : null,
    sources: { server: serverChoice[1], apiVersion: apiSource, token: tokenChoice ? tokenChoice[1] : null },
  };
}
