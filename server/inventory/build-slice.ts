import type { InventorySlice, JumpHost, Target } from '../../shared/api.js';
import { clusterTargets, instanceTarget, jumpHost, type SliceKey } from './convert.js';
import { applyEligibility } from './eligibility.js';
import type { RawSlice } from './fetch-slice.js';

/**
 * Turns the raw call results of one (profile, region) into its API slice. Aurora members are not
 * listed as instance targets when their cluster is listed (its writer and reader endpoints are);
 * if the cluster call failed, the members stay, because they are still reachable databases.
 */
export function buildSlice(key: SliceKey, raw: RawSlice, fetchedAt: Date): InventorySlice {
  const instances = raw.instances ?? [];
  const listedClusters = new Set(
    (raw.clusters ?? []).flatMap((cluster) => (cluster.DBClusterIdentifier ? [cluster.DBClusterIdentifier] : [])),
  );
  const clusterVpc = new Map<string, string>();
  for (const db of instances) {
    if (db.DBClusterIdentifier && db.DBSubnetGroup?.VpcId) clusterVpc.set(db.DBClusterIdentifier, db.DBSubnetGroup.VpcId);
  }

  const targets: Target[] = [];
  for (const db of instances) {
    if (db.DBClusterIdentifier && listedClusters.has(db.DBClusterIdentifier)) continue;
    const target = instanceTarget(key, db);
    if (target) targets.push(target);
  }
  for (const cluster of raw.clusters ?? []) {
    targets.push(...clusterTargets(key, cluster, cluster.DBClusterIdentifier ? clusterVpc.get(cluster.DBClusterIdentifier) : undefined));
  }
  targets.sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id));

  const hosts: JumpHost[] = [];
  for (const info of raw.infos ?? []) {
    const host = jumpHost(key, info, info.InstanceId ? raw.ec2?.get(info.InstanceId) : undefined);
    if (host) hosts.push(host);
  }
  hosts.sort((a, b) => byText(a.name ?? a.id, b.name ?? b.id) || byText(a.id, b.id));

  const eligibility = applyEligibility(targets, hosts);
  return {
    profile: key.profile,
    region: key.region,
    fetchedAt: fetchedAt.toISOString(),
    loading: false,
    targets,
    hosts,
    eligibility,
    errors: raw.errors,
  };
}

/** Plain code-unit order: stable and far cheaper than localeCompare for thousands of names. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
