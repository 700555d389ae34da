// Layout worker entry: load the TypeScript sources through tsx (as
// bin/abi-check does for the main thread), then run the worker's loop.
import { register } from 'tsx/esm/api';

register();
await import('./layout-worker.ts');
