// `npm run bench`: runs every benchmark in bench/ (each module's exported `run…Bench()` functions, one after
// the other so they do not disturb each other's timings, each module in a process of its own: run-one.ts) and prints one table: name, value, unit, target,
// pass/fail. Benchmarks are not tests; this exits 1 when a result misses its target or a benchmark fails.
//
// A benchmark returns one result or a list of them:
//   { name, value, unit, target, comparator?: '<=' | '>=' (default '<='), pass?: boolean }
import { fork } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FromBenchChild } from './run-one.js';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: number;
  comparator?: '<=' | '>=';
  pass?: boolean;
}

interface TableRow {
  name: string;
  value: string;
  unit: string;
  target: string;
  result: 'pass' | 'FAIL' | 'error' | '-';
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
// Before any benchmark loads the SDK: no instance-metadata lookups, no Node-version notice in the output.
process.env.AWS_EC2_METADATA_DISABLED ??= 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
/** Benchmarks that are planned: named even while missing, so the table says they were skipped. */
const EXPECTED = [
  'dashboard.ts',
  'discovery.ts',
  'discovery-stall.ts',
  'instant-start.ts',
  'open-path.ts',
  'parallel-sessions.ts',
  'reliability.ts',
  'tunnels.ts',
];

function asRows(value: unknown): BenchRow[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item: unknown, i) => {
    const r = (item ?? {}) as Record<string, unknown>;
    if (typeof r.value !== 'number') throw new Error(`result ${i + 1} has no numeric value: ${JSON.stringify(item)}`);
    const comparator = r.comparator === '>=' || r.direction === 'higher' ? '>=' : '<=';
    return {
      name: String(r.name ?? `result ${i + 1}`),
      value: r.value,
      unit: String(r.unit ?? ''),
      ...(typeof r.target === 'number' ? { target: r.target } : {}),
      comparator,
      ...(typeof r.pass === 'boolean' ? { pass: r.pass } : {}),
    };
  });
}

export function judge(row: BenchRow): TableRow {
  const pass =
    row.pass ?? (row.target === undefined ? undefined : row.comparator === '>=' ? row.value >= row.target : row.value <= row.target);
  return {
    name: row.name,
    value: Number.isInteger(row.value) ? String(row.value) : row.value.toFixed(3).replace(/\.?0+$/, ''),
    unit: row.unit,
    target: row.target === undefined ? '-' : `${row.comparator === '>=' ? '≥' : '≤'} ${row.target}`,
    result: pass === undefined ? '-' : pass ? 'pass' : 'FAIL',
  };
}

export function formatTable(rows: TableRow[]): string {
  const head: TableRow = { name: 'benchmark', value: 'value', unit: 'unit', target: 'target', result: 'pass/fail' as TableRow['result'] };
  const cols = ['name', 'value', 'unit', 'target', 'result'] as const;
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(...[head, ...rows].map((r) => r[c].length))])) as Record<
    (typeof cols)[number],
    number
  >;
  const line = (r: TableRow): string =>
    cols
      .map((c) => (c === 'value' ? r[c].padStart(width[c]) : r[c].padEnd(width[c])))
      .join('  ')
      .trimEnd();
  return [line(head), cols.map((c) => '-'.repeat(width[c])).join('  '), ...rows.map(line)].join('\n');
}

/** Runs one module's benchmarks in a process of its own (run-one.ts) and returns what it reported. */
function runInChild(file: string): Promise<FromBenchChild[]> {
  return new Promise((resolve) => {
    const messages: FromBenchChild[] = [];
    const child = fork(join(HERE, 'run-one.ts'), [file], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (message) => messages.push(message as FromBenchChild));
    child.once('error', () => resolve(messages));
    child.once('exit', () => resolve(messages));
  });
}

async function main(): Promise<number> {
  const files = new Set([
    ...EXPECTED,
    ...readdirSync(HERE).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts')),
  ]);
  files.delete(basename(fileURLToPath(import.meta.url)));
  files.delete('run-one.ts');
  const table: TableRow[] = [];
  const notes: string[] = [];
  for (const file of [...files].sort()) {
    const path = join(HERE, file);
    if (!existsSync(path)) {
      notes.push(`${file}: not there yet, skipped`);
      continue;
    }
    // Helpers (the worlds, the probes) export no benchmark: no process for them.
    if (!EXPECTED.includes(file) && !/export (async )?function run\w*Bench\b/.test(readFileSync(path, 'utf8'))) continue;
    let loaded = false;
    let runners = 0;
    for (const message of await runInChild(file)) {
      if (message.kind === 'unloadable') {
        table.push({ name: file, value: '-', unit: '', target: '-', result: 'error' });
        notes.push(`${file}: could not be loaded: ${message.error}`);
      } else if (message.kind === 'rows') {
        try {
          table.push(...asRows(message.rows).map(judge));
        } catch (error) {
          table.push({ name: `${file} ${message.runner}`, value: '-', unit: '', target: '-', result: 'error' });
          notes.push(`${file} ${message.runner}(): ${(error as Error).message}`);
        }
      } else if (message.kind === 'failed') {
        table.push({ name: `${file} ${message.runner}`, value: '-', unit: '', target: '-', result: 'error' });
        notes.push(`${file} ${message.runner}(): ${message.error}`);
      } else {
        loaded = true;
        runners = message.runners;
      }
    }
    if (!loaded && !table.some((row) => row.name === file)) {
      table.push({ name: file, value: '-', unit: '', target: '-', result: 'error' });
      notes.push(`${file}: its process ended before it had run`);
    } else if (loaded && runners === 0 && EXPECTED.includes(file)) notes.push(`${file}: exports no run…Bench() function, skipped`);
  }
  console.log(`\n${formatTable(table)}`);
  for (const note of notes) console.log(`note: ${note}`);
  const bad = table.filter((r) => r.result === 'FAIL' || r.result === 'error').length;
  console.log(`${table.length} result(s), ${bad} missed or failed`);
  return bad > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
