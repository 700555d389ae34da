// Worker entry: load the TypeScript sources through tsx (as bin/abi-check
// does for the main thread), then run the analysis worker.
import { register } from 'tsx/esm/api';

register();
await import('./analysis-worker.ts');
