// `porthole diagnose`: the checks between this machine, the jump host and the database
// (GET /api/targets/:id/diagnosis?jumpHostId=), each with its fix. A daemon without the diagnosis says so.
import type { Command } from 'commander';
import type { ApiErrorBody } from '../../shared/api.js';
import type { CheckStatus, Diagnosis } from '../../shared/diagnosis.js';
import { CliError } from '../cli-error.js';
import type { CommandKit } from '../command-kit.js';
import { resolve } from '../tunnels.js';

/** The part of the diagnosis (shared/diagnosis.ts) this command prints. */
export type DiagnosisAnswer = Pick<Diagnosis, 'checks'> & Partial<Pick<Diagnosis, 'targetId' | 'jumpHostId' | 'firstBroken'>>;

const MARK: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', unknown: '??  ' };

export function diagnosisText(answer: DiagnosisAnswer): string {
  const lines: string[] = [];
  for (const check of answer.checks) {
    lines.push(`${MARK[check.status]}  ${check.title}: ${check.summary}`);
    if (check.missingPermission) lines.push(`      needs the permission ${check.missingPermission}`);
    const fix = check.fix;
    if (!fix || check.status === 'ok') continue;
    lines.push(`      fix: ${fix.summary}`);
    for (const command of fix.commands ?? []) lines.push(`        ${command}`);
    if (fix.console) lines.push(`      console: ${fix.console}`);
  }
  return lines.join('\n');
}

export function registerDiagnose(program: Command, { ctx, run }: CommandKit): void {
  program
    .command('diagnose <name>')
    .description('check every link between here, the jump host and the database, with a fix for each broken one (exit 1 when one fails)')
    .option('--jump-host <id>', "jump host to check (default: the tunnel's, else the recommended one)")
    .option('--refresh', 'check again instead of using the last result')
    .action((name: string, options: { jumpHost?: string; refresh?: boolean }) =>
      run(async () => {
        const client = await ctx.client();
        const found = await resolve(client, name);
        const targetId = found.kind === 'tunnel' ? found.tunnel.target.id : found.target.id;
        if (!targetId) {
          throw new CliError(
            `${found.kind === 'tunnel' ? found.tunnel.name : name} is a custom host, not a discovered database: there is nothing to diagnose in AWS.`,
            undefined,
            'NOT_DIAGNOSABLE',
          );
        }
        const jumpHostId = options.jumpHost ?? (found.kind === 'tunnel' ? found.tunnel.jumpHostId : found.target.recommendedHostId);
        const query = new URLSearchParams({ ...(jumpHostId ? { jumpHostId } : {}), ...(options.refresh ? { refresh: '1' } : {}) });
        const { status, body } = await client.send(
          'GET',
          `/api/targets/${encodeURIComponent(targetId)}/diagnosis${query.size ? `?${query}` : ''}`,
          {
            timeoutMs: 120_000,
          },
        );
        const error = (body as ApiErrorBody | undefined)?.error;
        // The router's 404 (no such route) is NOT_FOUND; the route's own 404s name what is missing.
        if (status === 404 && error?.code === 'NOT_FOUND') {
          throw new CliError('This daemon has no diagnosis yet.', 'Update Porthole, then try again.', 'NO_DIAGNOSIS');
        }
        if (status < 200 || status >= 300) throw error ? CliError.fromApi(error) : new CliError(`The daemon answered HTTP ${status}.`);
        const answer = body as DiagnosisAnswer;
        ctx.print(() => diagnosisText(answer), answer);
        return answer.checks.some((check) => check.status === 'fail') ? 1 : 0;
      }),
    );
}
