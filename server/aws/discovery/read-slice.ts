import type { CallError, JumpHost, Target } from '../../../shared/api.js';
import type { AwsClients } from '../clients.js';
import { clusterTargets, instanceTarget, jumpHost, type SliceKey } from './convert.js';
import { fetchSlice, type RawSlice, type SliceCall } from './fetch-slice.js';

/** One (profile, region) as discovery found it, in Porthole's shapes: the SDK's end here. */
export interface DiscoveredSlice {
  targets: Target[];
  hosts: JumpHost[];
  /** The calls that failed; what the others found is still here. */
  errors: CallError[];
}

/** Reads one slice from AWS (every page of every call) and converts it. */
export async function readSlice(aws: AwsClients, key: SliceKey, onCallDone: (call: SliceCall) => void): Promise<DiscoveredSlice> {
  return convertSlice(key, await fetchSlice(aws, key, onCallDone));
}

/**
 * Aurora members are not listed as instance targets when their cluster is listed (its writer and reader
 * endpoints are); if the cluster call failed, the members stay, because they are still reachable databases.
 */
export function convertSlice(key: SliceKey, raw: RawSlice): DiscoveredSlice {
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
  const hosts: JumpHost[] = [];
  for (const info of raw.infos ?? []) {
    const host = jumpHost(key, info, info.InstanceId ? raw.ec2?.get(info.InstanceId) : undefined);
    if (host) hosts.push(host);
  }
  return { targets, hosts, errors: raw.errors };
}
