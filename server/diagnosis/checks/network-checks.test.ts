// sg-ingress, sg-egress and nacl: each way they fail, from hand-made facts (facts-aws-paths.md A1).
import { describe, expect, it } from 'vitest';
import type { NaclEntry, SgRule } from '../../aws/reads/types.js';
import { ok } from '../read-result.js';
import { healthyFacts, refused } from '../../../testing/diagnosis/healthy-facts.js';
import { nacl } from './nacl.js';
import { sgEgress } from './sg-egress.js';
import { sgIngress } from './sg-ingress.js';

const dbIngress = (rule: Partial<SgRule>): SgRule => ({
  groupId: 'sg-db',
  egress: false,
  protocol: 'tcp',
  fromPort: 5432,
  toPort: 5432,
  ...rule,
});
const hostEgress = (rule: Partial<SgRule>): SgRule => ({ groupId: 'sg-host', egress: true, protocol: 'tcp', ...rule });

describe('sg-ingress', () => {
  it('passes for a rule naming the host group, a CIDR with its address, or a prefix list with it', () => {
    expect(sgIngress(healthyFacts()).status).toBe('ok');
    expect(sgIngress(healthyFacts({ dbRules: ok([dbIngress({ cidrIpv4: '10.0.1.0/24' })]) })).status).toBe('ok');
    const facts = healthyFacts({
      dbRules: ok([dbIngress({ prefixListId: 'pl-1' })]),
      prefixLists: ok([{ id: 'pl-1', cidrs: ['10.0.0.0/16'] }]),
    });
    expect(sgIngress(facts).status).toBe('ok');
  });

  it('fails when no rule admits the host on the port, naming the group and the exact rule to add', () => {
    for (const rules of [
      [dbIngress({ cidrIpv4: '10.99.0.0/16' })],
      [dbIngress({ referencedGroupId: 'sg-host', fromPort: 3306, toPort: 3306 })],
      [],
    ]) {
      const check = sgIngress(healthyFacts({ dbRules: ok(rules) }));
      expect(check.status).toBe('fail');
      expect(check.fix?.summary).toBe('Add an inbound rule to sg-db (orders-db): TCP 5432 from sg-host.');
      expect(check.fix?.commands).toEqual([
        'aws ec2 authorize-security-group-ingress --region us-east-1 --group-id sg-db --protocol tcp --port 5432 --source-group sg-host',
      ]);
    }
  });

  it('is unknown when the rules cannot be read, or only an unreadable prefix list could admit the host', () => {
    expect(sgIngress(healthyFacts({ dbRules: refused('ec2:DescribeSecurityGroupRules') }))).toMatchObject({
      status: 'unknown',
      missingPermission: 'ec2:DescribeSecurityGroupRules',
    });
    const facts = healthyFacts({
      dbRules: ok([dbIngress({ prefixListId: 'pl-1' })]),
      prefixLists: refused('ec2:GetManagedPrefixListEntries'),
    });
    expect(sgIngress(facts)).toMatchObject({ status: 'unknown', missingPermission: 'ec2:GetManagedPrefixListEntries' });
  });
});

describe('sg-egress', () => {
  it('passes for the default allow-all, a rule to the database group, or a CIDR holding its address', () => {
    expect(sgEgress(healthyFacts()).status).toBe('ok');
    expect(
      sgEgress(healthyFacts({ hostRules: ok([hostEgress({ fromPort: 5432, toPort: 5432, referencedGroupId: 'sg-db' })]) })).status,
    ).toBe('ok');
    expect(sgEgress(healthyFacts({ hostRules: ok([hostEgress({ fromPort: 5432, toPort: 5432, cidrIpv4: '10.0.2.0/24' })]) })).status).toBe(
      'ok',
    );
  });

  it('fails for a host hardened to 443 only, with the egress rule to add', () => {
    const check = sgEgress(healthyFacts({ hostRules: ok([hostEgress({ fromPort: 443, toPort: 443, cidrIpv4: '0.0.0.0/0' })]) }));
    expect(check.status).toBe('fail');
    expect(check.fix?.commands).toEqual([
      "aws ec2 authorize-security-group-egress --region us-east-1 --group-id sg-host --ip-permissions 'IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{GroupId=sg-db}]'",
    ]);
  });

  it('warns when a CIDR covers only part of the database subnets (address unknown)', () => {
    const facts = healthyFacts({
      dbInterfaces: refused('ec2:DescribeNetworkInterfaces'),
      dns: { name: 'x', error: 'ENOTFOUND', resolvesAws: false },
      db: ok({ ...dbDetail(), subnetIds: ['subnet-db', 'subnet-db2'] }),
      subnets: ok([
        { id: 'subnet-db', cidr: '10.0.2.0/24' },
        { id: 'subnet-db2', cidr: '10.0.3.0/24' },
      ]),
      hostRules: ok([hostEgress({ fromPort: 5432, toPort: 5432, cidrIpv4: '10.0.2.0/24' })]),
    });
    expect(sgEgress(facts).status).toBe('warn');
  });

  it('is unknown when the rules cannot be read', () => {
    expect(sgEgress(healthyFacts({ hostRules: refused('ec2:DescribeSecurityGroups') }))).toMatchObject({
      status: 'unknown',
      missingPermission: 'ec2:DescribeSecurityGroups',
    });
  });
});

function dbDetail() {
  const facts = healthyFacts();
  if (!facts.db.ok || !facts.db.value) throw new Error('fixture');
  return facts.db.value;
}

function withDbAcl(entries: NaclEntry[]) {
  const facts = healthyFacts();
  if (!facts.nacls.ok) throw new Error('fixture');
  const [shared] = facts.nacls.value;
  return healthyFacts({
    nacls: ok([
      { ...shared!, subnetIds: ['subnet-host'] },
      { id: 'acl-db', isDefault: false, subnetIds: ['subnet-db'], entries },
    ]),
  });
}

const allowAll = (egress: boolean, ruleNumber = 100): NaclEntry => ({
  ruleNumber,
  protocol: '-1',
  action: 'allow',
  egress,
  cidr: '0.0.0.0/0',
});
const denyAll = (egress: boolean): NaclEntry => ({ ruleNumber: 32767, protocol: '-1', action: 'deny', egress, cidr: '0.0.0.0/0' });

describe('nacl', () => {
  it('passes the default ACLs, and ignores ACLs inside one subnet', () => {
    expect(nacl(healthyFacts()).status).toBe('ok');
    const sameSubnet = healthyFacts({
      dbInterfaces: ok([{ id: 'eni', subnetId: 'subnet-host', privateIps: ['10.0.1.99'], groupIds: ['sg-db'], requesterId: 'amazon-rds' }]),
    });
    expect(nacl(sameSubnet).status).toBe('ok');
  });

  it('fails on a deny rule for the database port, with an allow rule numbered just before it', () => {
    const check = nacl(
      withDbAcl([
        { ruleNumber: 90, protocol: '6', action: 'deny', egress: false, cidr: '10.0.1.0/24', fromPort: 5432, toPort: 5432 },
        allowAll(false),
        allowAll(true),
        denyAll(false),
        denyAll(true),
      ]),
    );
    expect(check.status).toBe('fail');
    expect(check.fix?.commands).toEqual([
      'aws ec2 create-network-acl-entry --region us-east-1 --network-acl-id acl-db --ingress --rule-number 89 --protocol tcp --port-range From=5432,To=5432 --cidr-block 10.0.1.25/32 --rule-action allow',
    ]);
  });

  it('fails when the database subnet sends no replies (outbound ephemeral ports)', () => {
    const check = nacl(withDbAcl([allowAll(false), denyAll(false), denyAll(true)]));
    expect(check.status).toBe('fail');
    expect(check.fix?.commands?.[0]).toContain(
      '--egress --rule-number 32766 --protocol tcp --port-range From=1024,To=65535 --cidr-block 10.0.1.25/32',
    );
  });

  it('warns when only part of the reply ports pass', () => {
    const partial: NaclEntry = {
      ruleNumber: 100,
      protocol: '6',
      action: 'allow',
      egress: true,
      cidr: '0.0.0.0/0',
      fromPort: 32768,
      toPort: 65535,
    };
    expect(nacl(withDbAcl([allowAll(false), partial, denyAll(false), denyAll(true)])).status).toBe('warn');
  });

  it('is unknown when the ACLs cannot be read', () => {
    expect(nacl(healthyFacts({ nacls: refused('ec2:DescribeNetworkAcls') }))).toMatchObject({
      status: 'unknown',
      missingPermission: 'ec2:DescribeNetworkAcls',
    });
  });
});
