// Worker entry: load the TypeScript sources (as bin/abi-check does for the
// main thread: hooks are registered per thread), then run the analysis worker.
import '../../bin/load-typescript.mjs';

await import('./analysis-worker.ts');
