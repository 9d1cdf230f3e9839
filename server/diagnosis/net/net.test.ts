// CIDR arithmetic, security-group matching and ACL first-match, including the cases in facts-aws-paths.md A1.
import { describe, expect, it } from 'vitest';
import type { NetworkAcl, SgRule } from '../../aws/reads/types.js';
import { contains, coverage, overlaps, parseCidr } from './cidr.js';
import { evaluateNacl } from './nacl-eval.js';
import { admitsTcpPort, evaluateSg } from './sg-match.js';

describe('cidr', () => {
  it('parses, contains and overlaps IPv4 ranges', () => {
    expect(parseCidr('10.0.1.25/24')).toEqual({ base: parseCidr('10.0.1.0/24')!.base, bits: 24 });
    expect(parseCidr('10.0.300.1')).toBeUndefined();
    expect(parseCidr('2001:db8::/32')).toBeUndefined();
    expect(contains('10.0.0.0/16', '10.0.1.25/32')).toBe(true);
    expect(contains('10.0.1.0/24', '10.0.0.0/16')).toBe(false);
    expect(overlaps('10.0.1.0/24', '10.0.0.0/16')).toBe(true);
    expect(coverage('0.0.0.0/0', '192.0.2.1')).toBe('all');
    expect(coverage('10.0.2.0/25', '10.0.2.0/24')).toBe('some');
    expect(coverage('10.1.0.0/16', '10.0.2.0/24')).toBe('none');
  });
});

describe('security-group matching', () => {
  const rule = (over: Partial<SgRule>): SgRule => ({
    groupId: 'sg-db',
    egress: false,
    protocol: 'tcp',
    fromPort: 5432,
    toPort: 5432,
    ...over,
  });
  const host = { cidrs: ['10.0.1.25/32'], groupIds: ['sg-host'] };

  it('matches protocol and port: tcp, 6 and -1; ranges; other protocols never', () => {
    expect(admitsTcpPort(rule({}), 5432)).toBe(true);
    expect(admitsTcpPort(rule({ protocol: '6', fromPort: 5000, toPort: 6000 }), 5432)).toBe(true);
    expect(admitsTcpPort(rule({ protocol: '-1', fromPort: undefined, toPort: undefined }), 5432)).toBe(true);
    expect(admitsTcpPort(rule({ protocol: 'udp' }), 5432)).toBe(false);
    expect(admitsTcpPort(rule({ fromPort: 3306, toPort: 3306 }), 5432)).toBe(false);
  });

  it('a group reference, a CIDR or a prefix list entry admits the host; an IPv6 range never does', () => {
    const lists = new Map([['pl-1', ['192.0.2.0/24', '10.0.1.0/24']]]);
    expect(evaluateSg([rule({ referencedGroupId: 'sg-host' })], 5432, host, lists).verdict).toBe('allowed');
    expect(evaluateSg([rule({ cidrIpv4: '10.0.0.0/16' })], 5432, host, lists).verdict).toBe('allowed');
    expect(evaluateSg([rule({ prefixListId: 'pl-1' })], 5432, host, lists).verdict).toBe('allowed');
    expect(evaluateSg([rule({ cidrIpv6: '::/0' })], 5432, host, lists).verdict).toBe('blocked');
    expect(evaluateSg([rule({ referencedGroupId: 'sg-other' })], 5432, host, lists).verdict).toBe('blocked');
    expect(evaluateSg([rule({ prefixListId: 'pl-unread' })], 5432, host, lists)).toMatchObject({
      verdict: 'unknown',
      unreadPrefixLists: ['pl-unread'],
    });
  });

  it('with unknown addresses only a group reference or 0.0.0.0/0 decides', () => {
    const unknown = { cidrs: [], groupIds: ['sg-db'] };
    expect(evaluateSg([rule({ egress: true, cidrIpv4: '0.0.0.0/0' })], 5432, unknown, new Map()).verdict).toBe('allowed');
    expect(evaluateSg([rule({ egress: true, cidrIpv4: '10.0.0.0/8' })], 5432, unknown, new Map()).verdict).toBe('unknown');
  });
});

describe('network ACL first match', () => {
  const acl = (entries: NetworkAcl['entries']): NetworkAcl => ({ id: 'acl-1', isDefault: false, subnetIds: [], entries });
  const deny90 = {
    ruleNumber: 90,
    protocol: '6',
    action: 'deny' as const,
    egress: false,
    cidr: '10.0.1.0/24',
    fromPort: 5432,
    toPort: 5432,
  };
  const allow100 = { ruleNumber: 100, protocol: '-1', action: 'allow' as const, egress: false, cidr: '0.0.0.0/0' };
  const deny32767 = { ruleNumber: 32767, protocol: '-1', action: 'deny' as const, egress: false, cidr: '0.0.0.0/0' };

  it('the lowest number wins, whatever the order AWS lists them in (the facts file’s rule 90)', () => {
    const flow = { egress: false, peerCidr: '10.0.1.25/32', fromPort: 5432, toPort: 5432 };
    expect(evaluateNacl(acl([allow100, deny32767, deny90]), flow)).toEqual({ verdict: 'deny', rule: deny90 });
    expect(evaluateNacl(acl([allow100, deny32767, deny90]), { ...flow, peerCidr: '10.0.9.9/32' })).toEqual({ verdict: 'allow' });
    expect(evaluateNacl(acl([deny32767]), flow)).toEqual({ verdict: 'deny', rule: deny32767 });
  });

  it('judges a port range piece by piece, and a subnet a rule covers only in part as uncertain', () => {
    const replies = { egress: false, peerCidr: '10.0.1.25/32', fromPort: 1024, toPort: 65535 };
    expect(evaluateNacl(acl([deny90, allow100]), replies).verdict).toBe('partial');
    expect(evaluateNacl(acl([allow100]), replies).verdict).toBe('allow');
    const half = {
      ruleNumber: 50,
      protocol: '6',
      action: 'deny' as const,
      egress: false,
      cidr: '10.0.1.0/25',
      fromPort: 5432,
      toPort: 5432,
    };
    expect(evaluateNacl(acl([half, allow100]), { egress: false, peerCidr: '10.0.1.0/24', fromPort: 5432, toPort: 5432 }).verdict).toBe(
      'uncertain',
    );
  });
});
