// One benchmark module in a process of its own, for run-all.ts (its parent, over the IPC channel): each exported
// `run…Bench()` runs in turn and its rows, or its failure, go back to the parent. A benchmark run after another in
// the same process measured that one's leftovers too (a browser shutting down, a heap full of its garbage).
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What the child tells run-all.ts. */
export type FromBenchChild =
  | { kind: 'rows'; runner: string; rows: unknown }
  | { kind: 'failed'; runner: string; error: string }
  | { kind: 'unloadable'; error: string }
  | { kind: 'done'; runners: number };

const send = (message: FromBenchChild): Promise<void> =>
  new Promise((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));

const file = process.argv[2] ?? '';
let mod: Record<string, unknown> | undefined;
try {
  mod = (await import(pathToFileURL(join(fileURLToPath(new URL('.', import.meta.url)), file)).href)) as Record<string, unknown>;
} catch (error) {
  await send({ kind: 'unloadable', error: (error as Error).message });
}
const runners = Object.entries(mod ?? {}).filter(([name, fn]) => /^run\w*Bench$/.test(name) && typeof fn === 'function');
for (const [name, fn] of runners) {
  console.log(`\n== ${file}: ${name}() ==`);
  try {
    const rows = await (fn as (log: (line: string) => void) => Promise<unknown>)((line) => console.log(`  ${line}`));
    await send({ kind: 'rows', runner: name, rows });
  } catch (error) {
    await send({ kind: 'failed', runner: name, error: (error as Error).stack ?? String(error) });
  }
}
if (mod) await send({ kind: 'done', runners: runners.length });
process.exit(0);
