import type { IamPolicies, SessionPreferences, TunnelSpec } from '../../../shared/api.js';
import type { AwsClients } from '../../aws/clients.js';
import { readCallerIdentity } from '../../aws/reads/iam-reads.js';
import { readDbCluster, readDbInstance } from '../../aws/reads/rds-details.js';
import { PortholeError } from '../../errors.js';
import { settle } from '../read-result.js';
import { buildPolicies, regionKey } from './policy-builder.js';

export interface PolicyServiceDeps {
  aws: AwsClients;
  /** A saved tunnel's spec (the TunnelManager's `get`). */
  tunnel: (id: string) => TunnelSpec | undefined;
  /** Session Manager preferences of a profile and region (the DiagnosisService's, cached with the inventory). */
  preferences: (profile: string, region: string) => Promise<SessionPreferences>;
}

/**
 * Reads what the policies must name (each profile's account, each region's session key, the resource id of
 * each IAM-auth database) and builds them; what cannot be read is widened with "*" and said in `notes`.
 */
export class PolicyService {
  constructor(private readonly deps: PolicyServiceDeps) {}

  async policies(ids: readonly string[]): Promise<IamPolicies> {
    const tunnels = ids.map((id) => {
      const found = this.deps.tunnel(id);
      if (!found) throw new PortholeError('TUNNEL_NOT_FOUND', `No tunnel ${id}.`, { hint: 'It may have been removed.', status: 404 });
      return found;
    });
    const notes: string[] = [];
    const { aws } = this.deps;
    const profiles = [...new Map(tunnels.map((tunnel) => [tunnel.profile, tunnel])).values()];
    const regions = [...new Map(tunnels.map((tunnel) => [regionKey(tunnel.profile, tunnel.region), tunnel])).values()];
    const [accounts, keys, resources] = await Promise.all([
      Promise.all(
        profiles.map(async ({ profile, region }) => {
          const caller = await settle('sts:GetCallerIdentity', () => readCallerIdentity(aws, { profile, region }));
          return [profile, caller.ok ? caller.value.account : undefined] as const;
        }),
      ),
      Promise.all(
        regions.map(async ({ profile, region }) => {
          const preferences = await settle('ssm:GetDocument', () => this.deps.preferences(profile, region));
          if (!preferences.ok)
            notes.push(
              `Session Manager preferences of ${profile} in ${region} could not be read (${preferences.failure.permission ?? preferences.failure.message}): add kms statements if sessions there are encrypted.`,
            );
          return [regionKey(profile, region), preferences.ok ? preferences.value.kmsKeyId : undefined] as const;
        }),
      ),
      Promise.all(
        tunnels.filter((tunnel) => tunnel.target.iamAuth).map(async (tunnel) => [tunnel.id, await this.resourceId(tunnel, notes)] as const),
      ),
    ]);
    for (const tunnel of tunnels) {
      if (tunnel.target.iamAuth && !tunnel.target.masterUsername)
        notes.push(`${tunnel.name}: replace the "*" database user in rds-db:connect with yours.`);
    }
    return buildPolicies(tunnels, { accounts: new Map(accounts), kmsKeys: new Map(keys), dbResourceIds: new Map(resources), notes });
  }

  /** The DbiResourceId (or cluster resource id) that rds-db:connect ARNs name. */
  private async resourceId(tunnel: TunnelSpec, notes: string[]): Promise<string | undefined> {
    const [, , kind, identifier] = (tunnel.target.id ?? '').split(':').slice(-4);
    if (!kind || !identifier) return undefined;
    const scope = { profile: tunnel.profile, region: tunnel.region };
    const detail = await settle('rds:DescribeDBInstances', () =>
      kind === 'instance' ? readDbInstance(this.deps.aws, scope, identifier) : readDbCluster(this.deps.aws, scope, identifier),
    );
    const id = detail.ok ? detail.value?.resourceId : undefined;
    if (!id) notes.push(`${tunnel.name}: the database's resource id could not be read; rds-db:connect names "*".`);
    return id;
  }
}
