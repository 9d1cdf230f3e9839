// The AWS CLI's way to a tunnel, timed for comparison with Porthole's (bench/tunnels.ts).
import { execFile, spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '../testing/tunnels/helpers.js';
import { DB_HOST, HOST, REGION, STANDIN } from '../testing/tunnels/sandbox-world.js';
import { median } from './numbers.js';

const run = promisify(execFile);

/**
 * `aws ssm start-session` for the port-forwarding document, from spawn to "Waiting for connections", with
 * the same sandbox and stand-in plugin Porthole uses: the median of `runs`, or undefined without the CLI.
 */
export async function awsCliStartup(endpoint: string, runs: number, log: (line: string) => void): Promise<number | undefined> {
  const aws = await findAws(log);
  if (!aws) return undefined;
  const env = {
    ...process.env,
    PATH: `${dirname(STANDIN)}:${process.env.PATH ?? ''}`,
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
    AWS_DEFAULT_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  const parameters = JSON.stringify({ host: [DB_HOST], portNumber: ['5432'], localPortNumber: ['0'] });
  const args = [
    'ssm',
    'start-session',
    '--target',
    HOST.ec2.id,
    '--document-name',
    'AWS-StartPortForwardingSessionToRemoteHost',
    '--parameters',
    parameters,
    '--region',
    REGION,
    '--endpoint-url',
    endpoint,
  ];
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    const child = spawn(aws, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await waitFor(() => output.includes('Waiting for connections'), 30_000, `aws start-session (${output.slice(-300)})`);
      times.push(performance.now() - started);
    } finally {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  }
  return median(times);
}

/** The AWS CLI, installed from Debian when missing; undefined (the row is skipped) when that fails too. */
async function findAws(log: (line: string) => void): Promise<string | undefined> {
  const which = async (): Promise<string | undefined> => {
    try {
      return (await run('sh', ['-c', 'command -v aws'])).stdout.trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const found = await which();
  if (found) return found;
  log('aws not found: installing Debian awscli');
  try {
    await run('sh', ['-c', 'apt-get install -y awscli || (apt-get update && apt-get install -y awscli)'], { timeout: 300_000 });
  } catch (error) {
    log(`could not install awscli: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
  return which();
}
