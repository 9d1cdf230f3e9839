// One benchmark on its own (`npm run bench:open`, …): the table `npm run bench` prints, for that module's rows,
// and the same exit status (1 when a target is missed or the benchmark fails).
import { pathToFileURL } from 'node:url';
import { formatTable, judge, type BenchRow } from './run-all.js';

type Runner = (log: (line: string) => void) => Promise<BenchRow[]>;

/** Runs `run` when `moduleUrl` is the script node was started with; does nothing when the module is imported. */
export async function runAlone(moduleUrl: string, run: Runner): Promise<void> {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  try {
    const rows = (await run((line) => console.log(line))).map(judge);
    console.log(`\n${formatTable(rows)}`);
    process.exit(rows.some((row) => row.result === 'FAIL') ? 1 : 0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}
