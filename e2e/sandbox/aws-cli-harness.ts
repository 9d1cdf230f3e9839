// The AWS CLIs on this machine, and how to point each at a sandbox: AWS_ENDPOINT_URL where the CLI honours
// it (v1 with botocore >= 1.31, v2 >= 2.13), otherwise the TLS interceptor (HTTPS_PROXY + AWS_CA_BUNDLE)
// for the AWS host names it will dial. See docs/sso-facts.md §6. Test kit only.
import { execFile } from 'node:child_process';
import { access, realpath } from 'node:fs/promises';
import { promisify } from 'node:util';
import { startTlsInterceptor, type TlsInterceptor } from './tls-intercept.js';

const run = promisify(execFile);

export interface AwsCli {
  path: string;
  /** e.g. "aws-cli/1.45.11 Python/3.11.7 … botocore/1.43.11" */
  version: string;
  major: number;
  /** Whether AWS_ENDPOINT_URL reaches every client it makes (the SSO ones included). */
  honoursEndpointEnv: boolean;
}

function atLeast(v: [number, number], min: [number, number]): boolean {
  return v[0] > min[0] || (v[0] === min[0] && v[1] >= min[1]);
}

async function describeCli(path: string): Promise<AwsCli | undefined> {
  try {
    const { stdout, stderr } = await run(path, ['--version'], { timeout: 30_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    const version = `${stdout}${stderr}`.trim();
    const cli = version.match(/aws-cli\/(\d+)\.(\d+)/);
    if (!cli) return undefined;
    const major = Number(cli[1]);
    const minor = Number(cli[2]);
    const boto = version.match(/botocore\/(\d+)\.(\d+)/);
    const honoursEndpointEnv =
      major >= 2 ? atLeast([major, minor], [2, 13]) : !!boto && atLeast([Number(boto[1]), Number(boto[2])], [1, 31]);
    return { path, version, major, honoursEndpointEnv };
  } catch {
    return undefined;
  }
}

/** Every distinct `aws` found: the first on PATH and Debian's /usr/bin/aws. */
export async function findAwsClis(): Promise<AwsCli[]> {
  const exists = async (p: string): Promise<string | undefined> => {
    try {
      await access(p);
      return await realpath(p);
    } catch {
      return undefined;
    }
  };
  let first: string | undefined;
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    first = await exists(`${dir}/aws`);
    if (first) break;
  }
  const found: AwsCli[] = [];
  for (const p of new Set([first, await exists('/usr/bin/aws')])) {
    const cli = p ? await describeCli(p) : undefined;
    if (cli && !found.some((f) => f.version === cli.version)) found.push(cli);
  }
  return found;
}

/** The AWS host names an unpointable CLI dials for IAM Identity Center in `ssoRegion` and STS in us-east-1. */
export function awsHosts(ssoRegion: string): string[] {
  return [`portal.sso.${ssoRegion}.amazonaws.com`, `oidc.${ssoRegion}.amazonaws.com`, 'sts.us-east-1.amazonaws.com', 'sts.amazonaws.com'];
}

export interface CliRoute {
  env: Record<string, string>;
  interceptor?: TlsInterceptor;
}

/** The environment that sends `cli` to the sandbox (starting the interceptor when needed). */
export async function routeCli(
  cli: AwsCli,
  sandboxUrl: string,
  sandboxPort: number,
  ssoRegion: string,
  certDir: string,
): Promise<CliRoute> {
  if (cli.honoursEndpointEnv) return { env: { AWS_ENDPOINT_URL: sandboxUrl } };
  const interceptor = await startTlsInterceptor(sandboxPort, awsHosts(ssoRegion), certDir);
  return { env: { HTTPS_PROXY: interceptor.proxyUrl, https_proxy: interceptor.proxyUrl, AWS_CA_BUNDLE: interceptor.caFile }, interceptor };
}

/** Runs the CLI with only the given environment (no ambient AWS keys); resolves with its outputs and exit code. */
export async function runCli(
  cli: AwsCli,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
  };
  if (process.env.PYENV_ROOT) base.PYENV_ROOT = process.env.PYENV_ROOT;
  try {
    const { stdout, stderr } = await run(cli.path, args, { timeout: 60_000, env: { ...base, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
