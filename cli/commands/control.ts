import type { Command } from 'commander';
import type { Tunnel, TunnelLogLine } from '../../shared/api.js';
import { CliError } from '../cli-error.js';
import type { DaemonClient } from '../daemon-client.js';
import { tunnelState } from '../format.js';
import type { CommandKit } from '../command-kit.js';
import { bringUp, resolve, resolveTunnel, waitOpen } from '../tunnels.js';

export function seconds(text: string, flag: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value <= 0)
    throw new CliError(`${flag} takes a number of seconds, not "${text}".`, undefined, 'USAGE', 2);
  return value * 1000;
}

function port(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1024 || value > 65535)
    throw new CliError(`--port takes a port from 1024 to 65535, not "${text}".`, undefined, 'USAGE', 2);
  return value;
}

export const summary = (tunnel: Tunnel): string => `${tunnel.name}: ${tunnelState(tunnel)} on 127.0.0.1:${tunnel.localPort}`;

const path = (tunnel: Tunnel, action: string) => `/api/tunnels/${encodeURIComponent(tunnel.id)}/${action}`;

export function registerControl(program: Command, { ctx, run }: CommandKit): void {
  program
    .command('up <name>')
    .description('open the tunnel to a database (making one when it has none) and wait until its port relays')
    .option('--port <port>', 'local port for a new tunnel (default: the one it had last, else the engine default, else a free one)')
    .option('--jump-host <id>', 'jump host for a new tunnel (default: the recommended one)')
    .option('--timeout <seconds>', 'how long to wait for the session', '60')
    .option('--no-wait', 'return once the start is under way')
    .action((name: string, options: { port?: string; jumpHost?: string; timeout: string; wait: boolean }) =>
      run(async () => {
        const timeoutMs = seconds(options.timeout, '--timeout');
        const client = await ctx.client();
        const up = await bringUp(client, await resolve(client, name), {
          ...(options.port !== undefined ? { localPort: port(options.port) } : {}),
          ...(options.jumpHost ? { jumpHostId: options.jumpHost } : {}),
        });
        const tunnel = options.wait ? await waitOpen(client, up.tunnel.id, timeoutMs) : up.tunnel;
        ctx.print(`${summary(tunnel)}${up.created ? ' (new tunnel)' : ''}`, tunnel);
      }),
    );

  program
    .command('down <name>')
    .alias('stop')
    .description('stop a tunnel (it stays saved; `porthole up` opens it again on the same port)')
    .action((name: string) =>
      run(async () => {
        const client = await ctx.client();
        const tunnel = await client.post<Tunnel>(path(await resolveTunnel(client, name), 'stop'));
        ctx.print(`${tunnel.name}: ${tunnelState(tunnel)}`, tunnel);
      }),
    );

  program
    .command('restart <name>')
    .description('end the tunnel’s session and start a new one behind the same port')
    .option('--timeout <seconds>', 'how long to wait for the new session', '60')
    .option('--no-wait', 'return once the restart is under way')
    .action((name: string, options: { timeout: string; wait: boolean }) =>
      run(async () => {
        const timeoutMs = seconds(options.timeout, '--timeout');
        const client = await ctx.client();
        const restarted = await client.post<Tunnel>(path(await resolveTunnel(client, name), 'restart'));
        const tunnel = options.wait ? await waitOpen(client, restarted.id, timeoutMs) : restarted;
        ctx.print(summary(tunnel), tunnel);
      }),
    );

  program
    .command('logs <name>')
    .description("a tunnel's recent plugin and supervisor lines")
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .action((name: string, options: { follow?: boolean }) =>
      run(async () => {
        const client = await ctx.client();
        const tunnel = await resolveTunnel(client, name);
        const lines = await fetchLines(client, tunnel);
        const show = (line: TunnelLogLine) => (ctx.json ? JSON.stringify(line) : `${line.at} ${line.source.padEnd(10)} ${line.line}`);
        if (!options.follow) {
          ctx.print(() => lines.map(show).join('\n'), { lines });
          return;
        }
        // Followed lines are JSON Lines with --json: one object per line, as they come.
        await follow(client, tunnel, lines, (line) => ctx.io.stdout(`${show(line)}\n`));
      }),
    );
}

async function fetchLines(client: DaemonClient, tunnel: Tunnel): Promise<TunnelLogLine[]> {
  return (await client.get<{ lines: TunnelLogLine[] }>(path(tunnel, 'logs'))).lines;
}

/** The lines of `next` that come after the last of `seen` (the log keeps the last 200, so the window slides). */
export function newLines(seen: TunnelLogLine[], next: TunnelLogLine[]): TunnelLogLine[] {
  const last = seen[seen.length - 1];
  if (!last) return next;
  for (let index = next.length - 1; index >= 0; index--) {
    const line = next[index]!;
    if (line.at === last.at && line.line === last.line && line.source === last.source) return next.slice(index + 1);
  }
  return next.filter((line) => line.at >= last.at);
}

/**
 * Prints `seen`, then polls the log once a second until Ctrl-C (exit 0) or the tunnel or daemon goes away (an
 * error). Ctrl-C is taken over before the first line goes out, so a reader that stops us at once is honoured.
 */
async function follow(client: DaemonClient, tunnel: Tunnel, seen: TunnelLogLine[], print: (line: TunnelLogLine) => void): Promise<void> {
  let stopped = false;
  const stop = () => (stopped = true);
  process.once('SIGINT', stop);
  try {
    for (const line of seen) print(line);
    let last = seen;
    while (!stopped) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (stopped) break;
      const lines = await fetchLines(client, tunnel);
      for (const line of newLines(last, lines)) print(line);
      if (lines.length > 0) last = lines;
    }
  } finally {
    process.removeListener('SIGINT', stop);
  }
}
