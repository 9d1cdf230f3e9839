// The porthole command as a real process where no AWS is needed: `porthole start` in the foreground, and
// the one-line errors of a daemon that is not running, a stale daemon.json, a missing token; `service
// install` into a temporary home; --help everywhere.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PORTHOLE_BIN, porthole } from '../fixtures/porthole-cli.js';
import { ROOT } from '../fixtures/daemon.js';

const run = promisify(execFile);
const built = existsSync(join(ROOT, 'dist', 'cli', 'main.js')) && existsSync(join(ROOT, 'dist', 'server', 'main.js'));
const why = built ? '' : ' (skipped: not built, run npm run build)';

const oneLine = (text: string) => expect(text.split('\n').filter(Boolean), text).toHaveLength(1);

describe.skipIf(!built)(`porthole without AWS${why}`, () => {
  it('start runs the daemon in the foreground; status finds it through daemon.json (port 0); SIGTERM stops it cleanly', async () => {
    const configDir = join(await mkdtemp(join(tmpdir(), 'porthole-cli-')), 'cfg');
    const env = { PORTHOLE_CONFIG_DIR: configDir, PORTHOLE_PLUGIN: '/nonexistent/session-manager-plugin' };
    let status: Promise<Awaited<ReturnType<typeof porthole>>> | undefined;
    const daemon = await porthole(['start', '--port', '0', '--no-open', '--log-level', 'silent'], {
      env,
      onStdout: (stdout, child) => {
        if (!status && /^Porthole listening on http:\/\/127\.0\.0\.1:\d+\n$/.test(stdout)) {
          status = porthole(['status', '--json'], { env }).finally(() => child.kill('SIGTERM'));
        }
      },
    });
    expect(daemon.code).toBe(0);
    const answer = await status!;
    expect(answer.code).toBe(0);
    const body = JSON.parse(answer.stdout) as {
      daemon: { url: string; configDir: string; plugin: { found: boolean } };
      tunnels: unknown[];
    };
    expect(daemon.stdout).toBe(`Porthole listening on ${body.daemon.url}\n`);
    expect(body.daemon.configDir).toBe(configDir);
    expect(body.daemon.plugin.found).toBe(false);
    expect(body.tunnels).toEqual([]);
    // The token never appears in what the command prints.
    const token = (await readFile(join(configDir, 'token'), 'utf8')).trim();
    expect(answer.stdout + answer.stderr).not.toContain(token);

    // Stopped cleanly: daemon.json is gone, and the next command says Porthole is not running.
    const after = await porthole(['status'], { env });
    expect(after.code).toBe(1);
    expect(after.stdout).toBe('');
    oneLine(after.stderr);
    expect(after.stderr).toMatch(/^porthole: Porthole is not running \(no .*daemon\.json\)\. Start it with `porthole start`/);
  }, 120_000);

  it('a stale daemon.json and a missing token each give their one-line error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'porthole-cli-'));
    // A pid that has surely exited: a child that already finished.
    const { stdout: pid } = await run('sh', ['-c', 'sh -c "echo \\$\\$"']);
    const record = { url: 'http://127.0.0.1:9', port: 9, pid: Number(pid.trim()), version: '0.0.0', startedAt: new Date().toISOString() };
    await writeFile(join(dir, 'daemon.json'), JSON.stringify(record));
    const stale = await porthole(['ls', '--config-dir', dir]);
    expect(stale.code).toBe(1);
    oneLine(stale.stderr);
    expect(stale.stderr).toMatch(new RegExp(`is left from process ${record.pid}, which has exited`));

    // A live pid (this test's own) but no token in the folder.
    await writeFile(join(dir, 'daemon.json'), JSON.stringify({ ...record, pid: process.pid }));
    const noToken = await porthole(['--json', 'up', 'orders', '--config-dir', dir]);
    expect(noToken.code).toBe(1);
    oneLine(noToken.stderr);
    expect(noToken.stderr).toMatch(/^porthole: No API token in .*token\./);
    expect(JSON.parse(noToken.stdout)).toMatchObject({ error: { code: 'NO_TOKEN' } });

    // A token, and nobody answering at the recorded address.
    await writeFile(join(dir, 'token'), 'x'.repeat(43));
    const silent = await porthole(['status', '--config-dir', dir]);
    expect(silent.code).toBe(1);
    oneLine(silent.stderr);
    expect(silent.stderr).toMatch(/^porthole: Porthole does not answer at http:\/\/127\.0\.0\.1:9 /);
    expect(silent.stderr).not.toContain('x'.repeat(43));
  });

  it('service install writes a unit into a temporary home that systemd-analyze accepts, and uninstall removes it', async () => {
    const home = await mkdtemp(join(tmpdir(), 'porthole-home-'));
    const env = { HOME: home, XDG_CONFIG_HOME: undefined };
    const configDir = join(home, 'porthole config');
    await mkdir(configDir);
    const install = await porthole(['service', 'install', '--no-start', '--config-dir', configDir], { env });
    expect(install.code, install.stderr).toBe(0);
    const unitPath = join(home, '.config', 'systemd', 'user', 'porthole.service');
    const unit = await readFile(unitPath, 'utf8');
    expect(install.stdout).toContain(`Wrote ${unitPath}:`);
    expect(install.stdout).toContain(unit);
    expect(install.stdout).toContain('systemctl --user daemon-reload && systemctl --user enable --now porthole.service');
    expect(unit).toContain(`ExecStart="${process.execPath}" "${PORTHOLE_BIN}" "start" "--no-open" "--config-dir" "${configDir}"`);
    const analyze = (await run('sh', ['-c', 'command -v systemd-analyze || true'])).stdout.trim();
    if (analyze) {
      const { stdout, stderr } = await run(analyze, ['verify', unitPath]);
      expect(stdout + stderr).toBe('');
    } else {
      console.warn('systemd-analyze is not installed: the unit was parsed by cli/service/service-files.test.ts only');
    }
    const status = await porthole(['service', 'status', '--json'], { env });
    expect(JSON.parse(status.stdout)).toMatchObject({ installed: true, file: unitPath, manager: 'systemd' });
    const uninstall = await porthole(['service', 'uninstall', '--no-stop'], { env });
    expect(uninstall.stdout).toBe(`Removed ${unitPath}\n`);
    const gone = await porthole(['service', 'status'], { env });
    expect(gone.code).toBe(3);
  }, 60_000);

  it('every command has --help; a usage error is one line with exit 2', async () => {
    for (const command of [
      'status',
      'ls',
      'up',
      'down',
      'restart',
      'logs',
      'psql',
      'mysql',
      'url',
      'diagnose',
      'open',
      'export dbeaver',
      'service install',
      'completion',
    ]) {
      const help = await porthole([...command.split(' '), '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(new RegExp(`^Usage: porthole ${command}`));
    }
    const start = await porthole(['start', '--help']);
    expect(start.stdout).toMatch(/--port <n>/);
    const usage = await porthole(['up']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe("porthole: missing required argument 'name' (see --help)\n");
    const unknown = await porthole(['stauts']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("porthole: unknown command 'stauts' (Did you mean status?) (see --help)\n");
  }, 120_000);
});
