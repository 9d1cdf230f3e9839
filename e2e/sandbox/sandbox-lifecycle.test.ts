import { spawn } from 'node:child_process';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartSessionCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { PluginProcess, pluginArgs } from '../plugin/plugin-harness.js';
import { account, jumpHost } from './scenario-builder.js';
import { startSandbox } from './server.js';
import { sandboxClients } from './test-clients.js';

const host = jumpHost(7);
const scenario = {
  accounts: { '*': account('123456789012', 'bob') },
  data: { '123456789012': { 'us-east-1': { managedInstances: [host.managed], ec2Instances: [host.ec2] } } },
};

describe('sandbox lifecycle', () => {
  it('close() ends active sessions: the plugin prints Exiting and exits 0, and the port is freed', async () => {
    const sb = await startSandbox(scenario);
    const request = {
      Target: host.ec2.id,
      DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost',
      Parameters: { host: ['127.0.0.1'], portNumber: ['9'], localPortNumber: ['0'] },
    };
    const res = await sandboxClients(sb.url).ssm.send(new StartSessionCommand(request));
    const p = new PluginProcess(
      pluginArgs({
        response: { SessionId: res.SessionId!, TokenValue: res.TokenValue!, StreamUrl: res.StreamUrl! },
        request,
        endpoint: sb.url,
      }),
    );
    try {
      await p.port();
      await sb.close();
      expect((await p.exit()).code).toBe(0);
      expect(p.stdout.endsWith(`\n\nExiting session with sessionId: ${res.SessionId}.\n\n`)).toBe(true);
      await expect(fetch(`${sb.url}/_sandbox/health`)).rejects.toThrow();
    } finally {
      p.kill();
    }
  });

  it('the CLI loads a scenario file, prints its URL line and stops on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-cli-'));
    const file = join(dir, 'scenario.json');
    await writeFile(file, JSON.stringify(scenario));
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const child = spawn(join(root, 'node_modules/.bin/tsx'), [join(root, 'e2e/sandbox/main.ts'), '--scenario', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no URL line: ${out}`)), 15_000);
        child.stdout.setEncoding('utf8').on('data', (c: string) => {
          out += c;
          const m = out.match(/sandbox listening on (http:\/\/127\.0\.0\.1:\d+)\n/);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      expect(await (await fetch(`${url}/_sandbox/health`)).json()).toEqual({ ok: true });
      const sessions = await fetch(`${url}/_sandbox/scenario`);
      expect(((await sessions.json()) as typeof scenario).accounts['*']?.arn).toBe('arn:aws:iam::123456789012:user/bob');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
