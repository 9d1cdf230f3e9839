import type { Instance } from '@aws-sdk/client-ec2';
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import { paginateDescribeInstanceInformation, type InstanceInformation } from '@aws-sdk/client-ssm';
import type { MetadataBearer, MiddlewareStack } from '@smithy/types';
import type { CallError } from '../../../shared/api.js';
import type { AwsClients } from '../clients.js';
import { mapAwsError } from '../errors.js';
import { ec2Sdk, rdsSdk } from '../sdk-modules.js';
import type { SliceKey } from './convert.js';
import { pagesAhead, peekXmlMarker } from './pages-ahead.js';

/** The calls of one slice, in the order errors are reported. */
export const SLICE_CALLS = [
  'rds:DescribeDBInstances',
  'rds:DescribeDBClusters',
  'ssm:DescribeInstanceInformation',
  'ec2:DescribeInstances',
] as const;
export type SliceCall = (typeof SLICE_CALLS)[number];

export interface RawSlice {
  /** Undefined when the call failed. */
  instances?: DBInstance[];
  clusters?: DBCluster[];
  infos?: InstanceInformation[];
  ec2?: Map<string, Instance>;
  errors: CallError[];
}

// Largest page each API allows, so a chain has as few round trips as possible.
const RDS_PAGE = 100;
const SSM_PAGE = 50;
const EC2_PAGE = 1000;
/** Instance ids per EC2 `instance-id` filter (EC2 allows up to 200 values per filter). */
const EC2_ID_CHUNK = 100;

/**
 * Reads every page of the four calls of one (profile, region), all at once: the two RDS lists and
 * the SSM list run in parallel, and each SSM page's instance ids are described by EC2 as soon as
 * that page arrives, so the slice takes about as long as its longest pagination chain. A failed
 * call is recorded in `errors` and never stops the others.
 */
export async function fetchSlice(aws: AwsClients, key: SliceKey, onCallDone: (call: SliceCall) => void): Promise<RawSlice> {
  const raw: RawSlice = { errors: [] };
  const run = async <T>(call: SliceCall, fetch: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fetch();
    } catch (error) {
      raw.errors.push({ call, error: mapAwsError(error, { ...key, action: call }).toApiError() });
      return undefined;
    } finally {
      onCallDone(call);
    }
  };

  const ec2Found = new Map<string, Instance>();
  const ec2Chunks: Promise<void>[] = [];
  let ec2Error: unknown;
  const describeEc2 = async (ids: string[]) => {
    const paginator = ec2Sdk().paginateDescribeInstances(
      { client: aws.ec2(key.profile, key.region), pageSize: EC2_PAGE },
      { Filters: [{ Name: 'instance-id', Values: ids }] },
    );
    for await (const page of paginator) {
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) if (instance.InstanceId) ec2Found.set(instance.InstanceId, instance);
      }
    }
  };

  // Each RDS list's next page is asked for as soon as its marker is in the raw answer (pages-ahead.ts).
  const rds = aws.rds(key.profile, key.region);
  const instances = run('rds:DescribeDBInstances', async () => {
    const { DescribeDBInstancesCommand } = rdsSdk();
    const pages = await pagesAhead(
      (marker, peek) => rds.send(peeking(new DescribeDBInstancesCommand({ MaxRecords: RDS_PAGE, Marker: marker }), peek)),
      (page) => page.Marker,
    );
    return pages.flatMap((page) => page.DBInstances ?? []);
  });
  const clusters = run('rds:DescribeDBClusters', async () => {
    const { DescribeDBClustersCommand } = rdsSdk();
    const pages = await pagesAhead(
      (marker, peek) => rds.send(peeking(new DescribeDBClustersCommand({ MaxRecords: RDS_PAGE, Marker: marker }), peek)),
      (page) => page.Marker,
    );
    return pages.flatMap((page) => page.DBClusters ?? []);
  });
  const infos = run('ssm:DescribeInstanceInformation', async () => {
    const found: InstanceInformation[] = [];
    const paginator = paginateDescribeInstanceInformation({ client: aws.ssm(key.profile, key.region), pageSize: SSM_PAGE }, {});
    for await (const page of paginator) {
      const list = page.InstanceInformationList ?? [];
      found.push(...list);
      // Hybrid (mi-…) managed instances are unknown to EC2.
      const ids = list.flatMap((info) => (info.InstanceId?.startsWith('i-') ? [info.InstanceId] : []));
      for (let start = 0; start < ids.length; start += EC2_ID_CHUNK) {
        ec2Chunks.push(
          describeEc2(ids.slice(start, start + EC2_ID_CHUNK)).catch((error: unknown) => {
            ec2Error ??= error;
          }),
        );
      }
    }
    return found;
  });
  const ec2 = run('ec2:DescribeInstances', async () => {
    await infos;
    await Promise.all(ec2Chunks);
    if (ec2Error !== undefined) throw ec2Error;
    return ec2Found;
  });

  const [instanceList, clusterList, infoList, ec2Map] = await Promise.all([instances, clusters, infos, ec2]);
  if (instanceList) raw.instances = instanceList;
  if (clusterList) raw.clusters = clusterList;
  if (infoList) raw.infos = infoList;
  if (ec2Map) raw.ec2 = ec2Map;
  raw.errors.sort((a, b) => SLICE_CALLS.indexOf(a.call as SliceCall) - SLICE_CALLS.indexOf(b.call as SliceCall));
  return raw;
}

/** An RDS list command whose raw answer hands `peek` the next page's marker (see pages-ahead.ts). */
function peeking<C extends { middlewareStack: MiddlewareStack<object, MetadataBearer> }>(command: C, peek: (next: string) => void): C {
  // Low priority in the deserialize step: inside the SDK's deserializer, so it sees the answer before the parse.
  command.middlewareStack.add(peekXmlMarker(peek), { step: 'deserialize', priority: 'low', name: 'portholePeekMarker' });
  return command;
}
