// Import this first (`node --import ./bin/load-typescript.mjs file.ts`, or as
// the first import of an entry point): Node then loads the TypeScript
// sources directly (./typescript-hooks.mjs), with stack traces pointing at
// them. Each thread registers its own hooks (worker entries import this).
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./typescript-hooks.mjs', import.meta.url);
