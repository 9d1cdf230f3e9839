// The AWS sandbox in its own process, as AWS would be (its CPU is not the daemon's), for the benchmarks that
// need a big world: discovery, the stall under discovery, the dashboard and instant start.
import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BIG_SCENARIO, buildScenario, type BuiltScenario } from '../e2e/sandbox/scenario-builder.js';
import { LARGE_REGIONS } from '../e2e/demo/large-scenario.js';
import { tempAwsFiles, type TempAwsFiles } from '../testing/aws/aws-files.js';

const run = promisify(execFile);

export const BIG_REGIONS = LARGE_REGIONS;

export interface SandboxCall {
  service: string;
  op: string;
  region: string;
  accessKeyId: string;
}

export interface SandboxProcess {
  url: string;
  /** The sandbox's node process (tsx runs it as a child of its own). */
  pid: () => Promise<number | undefined>;
  setLatency(ms: number): Promise<void>;
  calls(): Promise<SandboxCall[]>;
  clearCalls(): Promise<void>;
  close(): Promise<void>;
}

export interface BigWorld {
  sandbox: SandboxProcess;
  files: TempAwsFiles;
  scenario: BuiltScenario;
  profiles: { name: string; accessKeyId: string; accountId: string }[];
  pairs: { profile: string; region: string }[];
  close(): Promise<void>;
}

/**
 * 3 profiles × 4 regions, 2,000 databases and 500 managed instances (pages of 100) behind a sandbox process,
 * and AWS files for the profiles; `edit` may add to the scenario (endpoints for a tunnel, say) before it starts.
 */
export async function startBigWorld(latencyMs: number, edit: (scenario: BuiltScenario) => void = () => undefined): Promise<BigWorld> {
  const { scenario, profiles } = buildScenario({ ...BIG_SCENARIO, regions: BIG_REGIONS, latencyMs });
  edit(scenario);
  // A placeholder URL first: the files' directory also holds the scenario for the sandbox process.
  const files = await tempAwsFiles('', Object.fromEntries(profiles.map((profile) => [profile.name, profile.accessKeyId])));
  const scenarioPath = join(files.dir, 'scenario.json');
  await writeFile(scenarioPath, JSON.stringify(scenario));
  const sandbox = await startSandboxProcess(scenarioPath);
  files.env.AWS_ENDPOINT_URL = sandbox.url;
  return {
    sandbox,
    files,
    scenario,
    profiles,
    pairs: profiles.flatMap((profile) => BIG_REGIONS.map((region) => ({ profile: profile.name, region }))),
    close: async () => {
      await sandbox.close();
      await files.cleanup();
    },
  };
}

export async function startSandboxProcess(scenarioPath: string): Promise<SandboxProcess> {
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
    pid: async () => {
      const { stdout } = await run('pgrep', ['-P', String(child.pid)]).catch(() => ({ stdout: '' }));
      return Number(stdout.trim().split('\n')[0]) || child.pid;
    },
    calls: async () => (await fetch(`${url}/_sandbox/calls`)).json() as Promise<SandboxCall[]>,
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
export function longestChain(calls: SandboxCall[]): number {
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
