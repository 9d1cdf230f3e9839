import type { Command } from 'commander';
import type { DaemonStatus, Profile, Tunnel } from '../../shared/api.js';
import { ago, duration, table, tunnelRows } from '../format.js';
import type { CommandKit } from '../command-kit.js';

/** A profile's sign-in state: its SSO `login` (with the time it runs out), else the last credential check. */
export function signInState(profile: Profile): string {
  const { login } = profile;
  if (login) return login.expiresAt ? `${login.state} (until ${login.expiresAt})` : login.state;
  const check = profile.check;
  if (!check) return 'not checked';
  const when = ago(check.checkedAt);
  if (check.ok) return `ok: account ${check.account}${when ? ` (checked ${when})` : ''}`;
  return `${check.error.code}: ${check.error.message}${when ? ` (checked ${when})` : ''}`;
}

function daemonLines(url: string, status: DaemonStatus): string[] {
  const up = duration(Date.now() - Date.parse(status.startedAt));
  const lines = [`Porthole ${status.version} at ${url}: pid ${status.pid}, up ${up}, config ${status.configDir}`];
  if (status.label) lines.push(`Label: ${status.label}`);
  if (status.awsEndpoint) lines.push(`AWS endpoint: ${status.awsEndpoint} (not AWS itself)`);
  const { plugin } = status;
  lines.push(
    plugin.found
      ? `Plugin: session-manager-plugin ${plugin.version ?? '(version unknown)'} at ${plugin.path ?? '?'}`
      : `Plugin: not found. ${[plugin.error?.message, plugin.error?.hint].filter(Boolean).join(' ')}`.trim(),
  );
  if (status.configNotice) lines.push(`Config: ${status.configNotice.message}`);
  for (const notice of status.notices) lines.push(`Notice: ${notice}`);
  return lines;
}

export function registerStatus(program: Command, { ctx, run }: CommandKit): void {
  program
    .command('status')
    .description('the daemon, the plugin, the AWS profiles with their sign-in state, and the tunnels')
    .option('--check', 'check every profile with AWS first (STS GetCallerIdentity)')
    .action((options: { check?: boolean }) =>
      run(async () => {
        const client = await ctx.client();
        if (options.check) {
          const { profiles } = await client.get<{ profiles: Profile[] }>('/api/profiles');
          // A failed check is kept as the profile's last check: its answer is what the listing shows.
          await Promise.all(
            profiles.map((p) => client.send('POST', `/api/profiles/${encodeURIComponent(p.name)}/check`, { timeoutMs: 60_000 })),
          );
        }
        const [status, { profiles }, { tunnels }] = await Promise.all([
          client.get<DaemonStatus>('/api/status'),
          client.get<{ profiles: Profile[] }>('/api/profiles'),
          client.get<{ tunnels: Tunnel[] }>('/api/tunnels'),
        ]);
        ctx.print(
          () => {
            const profileTable = table(
              ['PROFILE', 'KIND', 'REGIONS', 'SIGN-IN'],
              profiles.map((p) => [p.name, p.kind, p.regions.join(',') || p.region || '-', signInState(p)]),
            );
            return [
              ...daemonLines(client.url, status),
              '',
              profileTable || 'No AWS profiles found.\n',
              tunnelRows(tunnels) || 'No tunnels.\n',
            ].join('\n');
          },
          { daemon: { url: client.url, ...status }, profiles, tunnels },
        );
      }),
    );
}
