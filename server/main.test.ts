import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const MAIN = join(process.cwd(), 'server', 'main.ts');

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs the daemon as a user would; `onLine` may act on stdout (e.g. send a signal). */
function runDaemon(args: string[], onStdout?: (text: string, child: ReturnType<typeof spawn>) => void, timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [MAIN, ...args], {
      env: { ...process.env, PORTHOLE_PLUGIN: '/nonexistent/plugin' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`daemon did not finish: ${stdout} ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

describe('the daemon process', () => {
  it('prints exactly one line, serves on the printed port, and shuts down cleanly on SIGTERM', async () => {
    const configDir = join(await mkdtemp(join(tmpdir(), 'porthole-main-')), 'cfg');
    let checked: Promise<number> | undefined;
    const run = await runDaemon(['--port', '0', '--no-open', '--config-dir', configDir, '--log-level', 'silent'], (stdout, child) => {
      const match = /^Porthole listening on http:\/\/127\.0\.0\.1:(\d+)\n$/.exec(stdout);
      if (match && !checked) {
        checked = fetch(`http://127.0.0.1:${match[1]}/api/status`).then((response) => {
          child.kill('SIGTERM');
          return response.status;
        });
      }
    });
    expect(run.stdout).toMatch(/^Porthole listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    expect(await checked).toBe(401);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\/login\?token=/);
    expect((await stat(join(configDir, 'token'))).mode & 0o777).toBe(0o600);
  });

  it('records its address in daemon.json while it runs (so --port 0 is found), and npm run open finds it there', async () => {
    const configDir = join(await mkdtemp(join(tmpdir(), 'porthole-main-')), 'cfg');
    let seen: Promise<{ record: unknown; open: Run }> | undefined;
    const run = await runDaemon(['--port', '0', '--no-open', '--config-dir', configDir, '--log-level', 'silent'], (stdout, child) => {
      const match = /^Porthole listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(stdout);
      if (match && !seen) {
        seen = (async () => {
          const record = JSON.parse(await readFile(join(configDir, 'daemon.json'), 'utf8')) as unknown;
          const mode = (await stat(join(configDir, 'daemon.json'))).mode & 0o777;
          // `open` is given no port: only the record can lead it to this daemon.
          const open = await runDaemon(['open', '--no-open', '--config-dir', configDir]);
          child.kill('SIGTERM');
          return { record: { ...(record as object), mode, expectedUrl: match[1] }, open };
        })();
      }
    });
    expect(run.code).toBe(0);
    const { record, open } = await seen!;
    const { url, port, pid, mode, expectedUrl } = record as { url: string; port: number; pid: number; mode: number; expectedUrl: string };
    expect(url).toBe(expectedUrl);
    expect(port).toBe(Number(new URL(expectedUrl).port));
    expect(pid).toBeGreaterThan(1);
    expect(mode).toBe(0o600);
    expect(open.code).toBe(0);
    expect(open.stdout).toMatch(new RegExp(`^${expectedUrl}/login\\?token=\\S+\\n$`));
    // A clean shutdown takes the record with it.
    await expect(stat(join(configDir, 'daemon.json'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a non-loopback address without --unsafe-listen-any', async () => {
    const run = await runDaemon(['--host', '0.0.0.0', '--port', '0', '--no-open']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/--unsafe-listen-any/);
  });

  it('prints help with every flag', async () => {
    const run = await runDaemon(['--help']);
    expect(run.code).toBe(0);
    for (const flag of [
      '--port',
      '--config-dir',
      '--plugin',
      '--no-open',
      '--log-level',
      'PORTHOLE_PORT',
      'PORTHOLE_CONFIG_DIR',
      'PORTHOLE_PLUGIN',
    ]) {
      expect(run.stdout).toContain(flag);
    }
  });

  it('says the port is taken when it is', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const configDir = join(await mkdtemp(join(tmpdir(), 'porthole-main-')), 'cfg');
    const run = await runDaemon(['--port', String(port), '--no-open', '--config-dir', configDir, '--log-level', 'silent']);
    blocker.close();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/already in use/);
  });
});
