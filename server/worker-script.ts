import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker `name` (a module beside `from`, given as `import.meta.url`): its compiled .js in the built
 * daemon, its .ts through dev-worker-bootstrap.mjs when the daemon runs from sources (tsx, Vitest).
 */
export function startWorker(from: string, name: string, options: WorkerOptions = {}, entryOverride?: URL): Worker {
  const fromSources = from.endsWith('.ts');
  const entry = entryOverride ?? new URL(`./${name}.${fromSources ? 'ts' : 'js'}`, from);
  const script = entry.pathname.endsWith('.ts') ? new URL('./dev-worker-bootstrap.mjs', import.meta.url) : entry;
  return new Worker(script, { ...options, workerData: { ...(options.workerData as object), entry: entry.href } });
}
