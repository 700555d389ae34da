// Layout worker entry: load the TypeScript sources (as bin/abi-check does for
// the main thread: hooks are registered per thread), then run the worker's loop.
import '../../../bin/load-typescript.mjs';

await import('./layout-worker.ts');
