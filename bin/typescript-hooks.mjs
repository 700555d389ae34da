// Module hooks that load the TypeScript sources (.ts, .tsx) as ES modules,
// transformed by esbuild with the compiler options of tsconfig.json (target,
// class fields, JSX) and an inline source map for stack traces. Registered
// by ./load-typescript.mjs.
//
// tsx did this before; its esbuild options include keepNames, which wraps
// every named function and closure in a call that redefines its `name` at
// run time: on 544 headers x 14 ABIs that cost ~6% of the run. Nothing here
// minifies identifiers, so names are kept without it.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const tsconfig = JSON.parse(readFileSync(new URL('../tsconfig.json', import.meta.url), 'utf8'));
const compilerOptions = tsconfig.compilerOptions ?? {};

export async function load(url, context, nextLoad) {
  // the sources are ES modules in .ts and .tsx files (no .mts/.cts)
  const ext = /\.(tsx?)$/.exec(url.startsWith('file:') ? new URL(url).pathname : '')?.[1];
  if (!ext) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const { code } = await transform(await readFile(path, 'utf8'), {
    loader: ext,
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: path,
    tsconfigRaw: { compilerOptions },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
