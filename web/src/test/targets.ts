// Test kit (imported by *.test.ts(x) only): a database as discovery reports it, in dev/eu-west-1 behind i-1.
import type { Target } from '../../../shared/api';

export function target(name: string, patch: Partial<Target> = {}): Target {
  return {
    id: `dev:eu-west-1:instance:${name}`,
    profile: 'dev',
    region: 'eu-west-1',
    kind: 'instance',
    identifier: name,
    name,
    engine: 'postgres',
    host: `${name}.abc.eu-west-1.rds.amazonaws.com`,
    port: 5432,
    status: 'available',
    vpcId: 'vpc-a',
    securityGroups: [],
    iamAuth: false,
    tags: {},
    eligibleHostIds: ['i-1'],
    recommendedHostId: 'i-1',
    ...patch,
  };
}
