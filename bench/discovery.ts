// Discovery benchmark (not a test): 3 profiles × 4 regions, 2,000 databases, 500 managed instances, 200 ms per
// AWS call (closer to what Describe calls take against AWS), pages of 100, against the sandbox in its own process.
// Discovery runs as in the daemon: in its worker thread. The floor for a fully parallel fetch is the longest
// pagination chain (pages × latency); the target is wall time ≤ 1.3 × that floor. It also prints the daemon's
// CPU per 1,000 databases (both threads), so a regression shows, and where that CPU goes.
import { readFile } from 'node:fs/promises';
import { DiscoveryThread } from '../server/aws/discovery/discovery-thread.js';
import type { AwsClients } from '../server/aws/clients.js';
import { EventBus } from '../server/events/bus.js';
import { InventoryService } from '../server/inventory/inventory-service.js';
import { cpuBreakdown, type CpuRule } from './cpu-breakdown.js';
import { round } from './numbers.js';
import type { BenchRow } from './run-all.js';
import { longestChain, startBigWorld, type BigWorld } from './sandbox-process.js';
import { runAlone } from './run-alone.js';

const LATENCY_MS = 200;
const RUNS = 5;
const TARGET_RATIO = 1.3;

interface RunOutcome {
  wallMs: number;
  /** The daemon's CPU time, every thread (SDK parsing, conversion, eligibility). */
  cpuMs: number;
  chainPages: number;
  targets: number;
  hosts: number;
  errors: number;
}

export async function runDiscoveryBench(log: (line: string) => void = () => undefined): Promise<BenchRow[]> {
  const world = await startBigWorld(LATENCY_MS);
  const aws = world.files.clients({ maxAttempts: 3 });
  const thread = new DiscoveryThread({ aws, workers: Number(process.env.PORTHOLE_BENCH_WORKERS ?? 1) });
  try {
    const inWorker = (): Promise<RunOutcome> => discoverOnce(world, aws, thread);
    const cold = await inWorker();
    log(`cold run (worker start, SDK loaded, new connections, credential files read): ${cold.wallMs.toFixed(0)} ms`);
    const sandboxCpu = await processCpuMs(await world.sandbox.pid());
    const median = await medianOf(inWorker);
    const sandboxPerFetch = ((await processCpuMs(await world.sandbox.pid())) - sandboxCpu) / RUNS;
    const floorMs = median.chainPages * LATENCY_MS;
    const ratio = median.wallMs / floorMs;
    const cpuPerThousand = median.cpuMs / (median.targets / 1000);
    log(`slices: ${world.pairs.length}, targets: ${median.targets}, jump hosts: ${median.hosts}, call errors: ${median.errors}`);
    log(`wall time (median of ${RUNS} warm runs): ${median.wallMs.toFixed(0)} ms; daemon CPU in that run: ${median.cpuMs.toFixed(0)} ms`);
    log(`longest pagination chain: ${median.chainPages} pages × ${LATENCY_MS} ms = ${floorMs} ms`);
    log(`ratio: ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}); CPU per 1,000 databases: ${cpuPerThousand.toFixed(0)} ms`);
    // The sandbox shares this machine's two cores with the daemon; AWS's answers cost it nothing.
    log(`the sandbox's own CPU per fetch (its answers, on the same cores): ${sandboxPerFetch.toFixed(0)} ms`);

    // The same fetch without latency is pure CPU: what the latency adds on top shows how well the calls overlap.
    await world.sandbox.setLatency(0);
    const instant = await medianOf(inWorker);
    const latencyCost = median.wallMs - instant.wallMs;
    log(
      `without latency: ${instant.wallMs.toFixed(0)} ms; latency adds ${latencyCost.toFixed(0)} ms = ${(latencyCost / floorMs).toFixed(2)} × the chain`,
    );

    // Where the CPU goes. V8's profiler sees only the thread it runs in, so this fetch runs in the main thread
    // (the same work the worker does); profiling slows everything a little, so shares apply to unprofiled CPU.
    const inMain = (): Promise<RunOutcome> => discoverOnce(world, aws);
    const unprofiled = await medianOf(inMain);
    const shares = await cpuBreakdown(
      CPU_RULES,
      async () => {
        for (let index = 0; index < RUNS; index++) await inMain();
      },
      CPU_OTHER,
    );
    const profiled = [...shares.values()].reduce((sum, ms) => sum + ms, 0);
    log(`where the CPU of one fetch goes (measured in the main thread, without latency: ${unprofiled.cpuMs.toFixed(0)} ms):`);
    for (const [name, ms] of shares) {
      const perRun = (ms / profiled) * unprofiled.cpuMs;
      log(`  ${name.padEnd(CPU_NAME_WIDTH)} ${perRun.toFixed(0).padStart(4)} ms = ${(perRun / floorMs).toFixed(2)} × the chain`);
    }
    return [
      {
        name: `discovery: wall time / longest pagination chain (${LATENCY_MS} ms a call)`,
        value: round(ratio, 3),
        unit: 'ratio',
        target: TARGET_RATIO,
      },
      { name: 'discovery: daemon CPU per 1,000 databases (both threads)', value: round(cpuPerThousand), unit: 'ms' },
      { name: "discovery: the sandbox's CPU per fetch (AWS's costs this machine none)", value: round(sandboxPerFetch), unit: 'ms' },
    ];
  } finally {
    await thread.close();
    await world.close();
  }
}

/** One full discovery of every slice, in the worker (`thread`) or in this thread. */
export async function discoverOnce(world: BigWorld, aws: AwsClients, thread?: DiscoveryThread): Promise<RunOutcome> {
  await world.sandbox.clearCalls();
  const inventory = new InventoryService({
    aws,
    bus: new EventBus(),
    ...(thread ? { fetch: (_aws, key, onCallDone) => thread.fetch(key, onCallDone) } : {}),
  });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const slices = await inventory.refresh(world.pairs);
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    chainPages: longestChain(await world.sandbox.calls()),
    targets: slices.reduce((sum, slice) => sum + slice.targets.length, 0),
    hosts: slices.reduce((sum, slice) => sum + slice.hosts.length, 0),
    errors: slices.reduce((sum, slice) => sum + slice.errors.length, 0),
  };
}

const fromSdk = (url: string) => url.includes('/node_modules/@aws-sdk/') || url.includes('/node_modules/@smithy/');
/** In priority order: a sample goes to the first rule that matches any frame of its stack. */
const CPU_RULES: CpuRule[] = [
  // Porthole's xml-parse.ts parses RDS and EC2 answers; the SDK's own parser would show under the same line.
  {
    name: 'XML parsing (xml-parse.ts)',
    matches: (f) => f.url.includes('/server/aws/xml-parse') || (fromSdk(f.url) && /^parseXml$/i.test(f.functionName)),
  },
  { name: 'AWS SDK: decoding into objects', matches: (f) => fromSdk(f.url) && f.functionName === 'deserializeResponse' },
  { name: 'garbage collection', matches: (f) => f.functionName === '(garbage collector)' },
  { name: 'AWS SDK: requests, signing, middleware', matches: (f) => fromSdk(f.url) },
  { name: 'Porthole: conversion, eligibility', matches: (f) => f.url.includes('/server/') },
];
const CPU_OTHER = 'Node: HTTP, streams, timers';
const CPU_NAME_WIDTH = Math.max(CPU_OTHER.length, ...CPU_RULES.map((rule) => rule.name.length));

/** User + system CPU of a process so far (Linux `/proc`); 0 where it cannot be read. */
async function processCpuMs(pid: number | undefined): Promise<number> {
  const stat = pid ? await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '') : '';
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) || 0) + (Number(fields[12]) || 0)) * (1000 / CLOCK_TICKS);
}
/** Linux's USER_HZ: /proc counts CPU time in these. */
const CLOCK_TICKS = 100;

async function medianOf(run: () => Promise<RunOutcome>): Promise<RunOutcome> {
  const outcomes: RunOutcome[] = [];
  for (let index = 0; index < RUNS; index++) outcomes.push(await run());
  outcomes.sort((a, b) => a.wallMs - b.wallMs);
  return outcomes[Math.floor(outcomes.length / 2)]!;
}

await runAlone(import.meta.url, runDiscoveryBench);
