// Runs a TypeScript worker entry when the daemon itself runs from sources (tsx, Vitest): the built daemon starts
// the compiled .js worker directly (server/worker-script.ts) and never loads this file. tsx is a development dependency.
import { workerData } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
await import(workerData.entry);
