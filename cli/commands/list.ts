import type { Command } from 'commander';
import type { Target, Tunnel } from '../../shared/api.js';
import { table, tunnelRows } from '../format.js';
import type { CommandKit } from '../command-kit.js';
import { listTargets, listTunnels } from '../tunnels.js';

/** A database as `ls --json` shows it: the inventory's own fields, and the tunnel that serves it. */
function database(target: Target, tunnels: Tunnel[]) {
  const tunnel = tunnels.find((t) => t.target.id === target.id);
  return {
    id: target.id,
    name: target.name,
    identifier: target.identifier,
    engine: target.engine,
    profile: target.profile,
    region: target.region,
    host: target.host,
    port: target.port,
    status: target.status,
    iamAuth: target.iamAuth,
    tunnel: tunnel ? { id: tunnel.id, name: tunnel.name, state: tunnel.state, localPort: tunnel.localPort } : null,
  };
}

export function registerList(program: Command, { ctx, run }: CommandKit): void {
  program
    .command('ls')
    .alias('list')
    .description('tunnels and databases, with the names the dashboard shows')
    .option('--wait <seconds>', 'wait this long for databases still being discovered', '30')
    .action((options: { wait: string }) =>
      run(async () => {
        const client = await ctx.client();
        const waitMs = Math.max(0, Number(options.wait) || 0) * 1000;
        const [tunnels, { inventory, targets }] = await Promise.all([listTunnels(client), listTargets(client, waitMs)]);
        const databases = targets.map((target) => database(target, tunnels));
        const problems = inventory.slices.flatMap((slice) => [
          ...(slice.loading ? [{ profile: slice.profile, region: slice.region, problem: 'still loading' }] : []),
          ...slice.errors.map((e) => ({
            profile: slice.profile,
            region: slice.region,
            problem: `${e.call}: ${e.error.code}: ${e.error.message}`,
          })),
        ]);
        if (!ctx.json) for (const p of problems) ctx.note(`${p.profile} ${p.region}: ${p.problem}`);
        ctx.print(
          () =>
            [
              tunnelRows(tunnels) || 'No tunnels.\n',
              table(
                ['DATABASE', 'ENGINE', 'PROFILE', 'REGION', 'STATUS', 'TUNNEL'],
                databases.map((d) => [
                  d.name,
                  d.engine,
                  d.profile,
                  d.region,
                  d.status,
                  d.tunnel ? `${d.tunnel.name} (${d.tunnel.state})` : '-',
                ]),
              ) || 'No databases discovered.\n',
            ].join('\n'),
          { tunnels, databases, problems },
        );
      }),
    );
}
