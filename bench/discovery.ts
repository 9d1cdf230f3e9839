// Discovery benchmark (not a test): 3 profiles × 4 regions, 2,000 databases, 500 managed instances,
// 50 ms per AWS call, page size 100, against the local sandbox. The floor for a fully parallel fetch
// is the longest pagination chain (pages × latency); the target is wall time ≤ 1.3 × that floor.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildScenario } from '../e2e/sandbox/scenario-builder.js';
import { cpuBreakdown, type CpuRule } from './cpu-breakdown.js';
import { tempAwsFiles } from '../testing/aws/aws-files.js';
import { EventBus } from '../server/events/bus.js';
import { InventoryService } from '../server/inventory/inventory-service.js';

const LATENCY_MS = 50;
const RUNS = 5;
const TARGET_RATIO = 1.3;

export interface BenchResult {
  name: string;
  value: number;
  target: number;
  unit: string;
}

interface RunOutcome {
  wallMs: number;
  /** The daemon side's CPU time (SDK parsing, conversion, eligibility): wall time cannot go below it. */
  cpuMs: number;
  chainPages: number;
  targets: number;
  hosts: number;
  errors: number;
}

export async function runDiscoveryBench(log: (line: string) => void = () => undefined): Promise<BenchResult> {
  const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1'];
  const { scenario, profiles } = buildScenario({
    profiles: 3,
    regions,
    databases: 2000,
    jumpHosts: 500,
    pageSize: 100,
    latencyMs: LATENCY_MS,
  });
  // A placeholder URL first: the files' directory also holds the scenario for the sandbox process.
  const files = await tempAwsFiles('', Object.fromEntries(profiles.map((profile) => [profile.name, profile.accessKeyId])));
  const scenarioPath = join(files.dir, 'scenario.json');
  await writeFile(scenarioPath, JSON.stringify(scenario));
  // The sandbox runs in its own process, as AWS would: its CPU is not the daemon's.
  const sandbox = await startSandboxProcess(scenarioPath);
  files.env.AWS_ENDPOINT_URL = sandbox.url;
  const aws = files.clients({ maxAttempts: 3 });
  const pairs = profiles.flatMap((profile) => regions.map((region) => ({ profile: profile.name, region })));
  try {
    const once = async (): Promise<RunOutcome> => {
      await sandbox.clearCalls();
      const inventory = new InventoryService({ aws, bus: new EventBus() });
      const cpu = process.cpuUsage();
      const started = performance.now();
      const slices = await inventory.refresh(pairs);
      const wallMs = performance.now() - started;
      const used = process.cpuUsage(cpu);
      return {
        wallMs,
        cpuMs: (used.user + used.system) / 1000,
        chainPages: longestChain(await sandbox.calls()),
        targets: slices.reduce((sum, slice) => sum + slice.targets.length, 0),
        hosts: slices.reduce((sum, slice) => sum + slice.hosts.length, 0),
        errors: slices.reduce((sum, slice) => sum + slice.errors.length, 0),
      };
    };
    const cold = await once();
    log(`cold run (new connections, credential files read): ${cold.wallMs.toFixed(0)} ms`);
    const median = await medianOf(once);
    const floorMs = median.chainPages * LATENCY_MS;
    const ratio = median.wallMs / floorMs;
    log(`slices: ${pairs.length}, targets: ${median.targets}, jump hosts: ${median.hosts}, call errors: ${median.errors}`);
    log(`wall time (median of ${RUNS} warm runs): ${median.wallMs.toFixed(0)} ms; daemon CPU in that run: ${median.cpuMs.toFixed(0)} ms`);
    log(`longest pagination chain: ${median.chainPages} pages × ${LATENCY_MS} ms = ${floorMs} ms`);
    log(`ratio: ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO})`);

    // The same fetch without latency is pure CPU (SDK parsing, conversion): what the latency adds on
    // top shows how well the calls overlap (1.0 = the chain's latency and nothing more).
    await sandbox.setLatency(0);
    const instant = await medianOf(once);
    const latencyCost = median.wallMs - instant.wallMs;
    log(
      `without latency: ${instant.wallMs.toFixed(0)} ms (CPU-bound); latency adds ${latencyCost.toFixed(0)} ms = ${(latencyCost / floorMs).toFixed(2)} × the chain`,
    );
    // Where that CPU goes. Profiling slows everything a little, so shares are applied to the
    // unprofiled CPU time.
    const shares = await cpuBreakdown(
      CPU_RULES,
      async () => {
        for (let index = 0; index < RUNS; index++) await once();
      },
      CPU_OTHER,
    );
    const profiled = [...shares.values()].reduce((sum, ms) => sum + ms, 0);
    log(`daemon CPU per run without latency, ${instant.cpuMs.toFixed(0)} ms:`);
    for (const [name, ms] of shares) {
      const perRun = (ms / profiled) * instant.cpuMs;
      log(`  ${name.padEnd(CPU_NAME_WIDTH)} ${perRun.toFixed(0).padStart(4)} ms = ${(perRun / floorMs).toFixed(2)} × the chain`);
    }
    return { name: 'discovery wall time / longest pagination chain', value: Number(ratio.toFixed(3)), target: TARGET_RATIO, unit: 'ratio' };
  } finally {
    await sandbox.close();
    await files.cleanup();
  }
}

const fromSdk = (url: string) => url.includes('/node_modules/@aws-sdk/') || url.includes('/node_modules/@smithy/');
/** In priority order: a sample goes to the first rule that matches any frame of its stack. */
const CPU_RULES: CpuRule[] = [
  { name: 'AWS SDK: XML parsing', matches: (f) => fromSdk(f.url) && /^parseXml$/i.test(f.functionName) },
  { name: 'AWS SDK: decoding into objects', matches: (f) => fromSdk(f.url) && f.functionName === 'deserializeResponse' },
  { name: 'garbage collection', matches: (f) => f.functionName === '(garbage collector)' },
  { name: 'AWS SDK: requests, signing, middleware', matches: (f) => fromSdk(f.url) },
  { name: 'Porthole: conversion, eligibility', matches: (f) => f.url.includes('/server/') },
];
const CPU_OTHER = 'Node: HTTP, streams, timers';
const CPU_NAME_WIDTH = Math.max(CPU_OTHER.length, ...CPU_RULES.map((rule) => rule.name.length));

async function medianOf(run: () => Promise<RunOutcome>): Promise<RunOutcome> {
  const outcomes: RunOutcome[] = [];
  for (let index = 0; index < RUNS; index++) outcomes.push(await run());
  outcomes.sort((a, b) => a.wallMs - b.wallMs);
  return outcomes[Math.floor(outcomes.length / 2)]!;
}

interface SandboxProcess {
  url: string;
  setLatency(ms: number): Promise<void>;
  calls(): Promise<{ service: string; op: string; region: string; accessKeyId: string }[]>;
  clearCalls(): Promise<void>;
  close(): Promise<void>;
}

async function startSandboxProcess(scenarioPath: string): Promise<SandboxProcess> {
  const child = spawn(
    fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url)),
    [fileURLToPath(new URL('../e2e/sandbox/main.ts', import.meta.url)), '--scenario', scenarioPath],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the sandbox did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the sandbox exited early (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return {
    url,
    calls: async () =>
      (await fetch(`${url}/_sandbox/calls`)).json() as Promise<{ service: string; op: string; region: string; accessKeyId: string }[]>,
    setLatency: async (ms) => {
      const faults = ms > 0 ? [{ kind: 'latency', ms }] : [];
      await fetch(`${url}/_sandbox/scenario`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ faults }),
      });
    },
    clearCalls: async () => {
      await fetch(`${url}/_sandbox/calls`, { method: 'DELETE' });
    },
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The longest chain of calls that must run one after another: the pages of one paginated call,
 * and for jump hosts the SSM pages plus the EC2 call that the last SSM page starts.
 */
function longestChain(calls: { service: string; op: string; region: string; accessKeyId: string }[]): number {
  const pages = new Map<string, number>();
  for (const call of calls) {
    const key = `${call.accessKeyId} ${call.region} ${call.op}`;
    pages.set(key, (pages.get(key) ?? 0) + 1);
  }
  let longest = 0;
  for (const [key, count] of pages) {
    if (key.endsWith(' DescribeInstances')) continue;
    const chained =
      key.endsWith(' DescribeInstanceInformation') && pages.has(key.replace(/DescribeInstanceInformation$/, 'DescribeInstances'));
    longest = Math.max(longest, count + (chained ? 1 : 0));
  }
  return longest;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // As `npm run bench` does: no Node-version notice from the SDK in the output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const result = await runDiscoveryBench((line) => console.log(line));
  console.log(JSON.stringify(result));
  process.exitCode = result.value <= result.target ? 0 : 1;
}
