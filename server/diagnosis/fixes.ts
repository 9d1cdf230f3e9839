// Fixes a person can apply: AWS CLI commands with the exact ids, ports and sources, and where the same change
// lives in the console. Porthole never runs them (it never changes your AWS resources).
import { shellJoin } from '../../shared/connect/shell-quote.js';
import type { DiagnosisFix } from '../../shared/diagnosis.js';

export type Source = { groupId: string } | { cidr: string };

function sourceArgs(source: Source): string[] {
  return 'groupId' in source ? ['--source-group', source.groupId] : ['--cidr', source.cidr];
}

function sourceText(source: Source): string {
  return 'groupId' in source ? source.groupId : source.cidr;
}

export function cli(...argv: string[]): string {
  return shellJoin(['aws', ...argv]);
}

export function authorizeIngress(region: string, groupId: string, port: number, source: Source, protocolPort = 'tcp'): DiagnosisFix {
  return {
    summary: `Add an inbound rule to ${groupId}: ${protocolPort.toUpperCase()} ${port} from ${sourceText(source)}.`,
    commands: [
      cli(
        'ec2',
        'authorize-security-group-ingress',
        '--region',
        region,
        '--group-id',
        groupId,
        '--protocol',
        'tcp',
        '--port',
        String(port),
        ...sourceArgs(source),
      ),
    ],
    console: `EC2 → Security Groups → ${groupId} → Inbound rules → Edit → Add rule: Custom TCP, port ${port}, source ${sourceText(source)}.`,
  };
}

export function authorizeEgress(region: string, groupId: string, port: number, destination: Source): DiagnosisFix {
  const peer = 'groupId' in destination ? `UserIdGroupPairs=[{GroupId=${destination.groupId}}]` : `IpRanges=[{CidrIp=${destination.cidr}}]`;
  return {
    summary: `Add an outbound rule to ${groupId}: TCP ${port} to ${sourceText(destination)}.`,
    commands: [
      cli(
        'ec2',
        'authorize-security-group-egress',
        '--region',
        region,
        '--group-id',
        groupId,
        '--ip-permissions',
        `IpProtocol=tcp,FromPort=${port},ToPort=${port},${peer}`,
      ),
    ],
    console: `EC2 → Security Groups → ${groupId} → Outbound rules → Edit → Add rule: Custom TCP, port ${port}, destination ${sourceText(destination)}.`,
  };
}

export function naclAllow(
  region: string,
  aclId: string,
  ruleNumber: number,
  egress: boolean,
  cidr: string,
  from: number,
  to: number,
): DiagnosisFix {
  const ports = from === to ? String(from) : `${from}-${to}`;
  return {
    summary: `Add an ${egress ? 'outbound' : 'inbound'} allow rule ${ruleNumber} to ${aclId}: TCP ${ports} ${egress ? 'to' : 'from'} ${cidr}, before the rule that denies it.`,
    commands: [
      cli(
        'ec2',
        'create-network-acl-entry',
        '--region',
        region,
        '--network-acl-id',
        aclId,
        egress ? '--egress' : '--ingress',
        '--rule-number',
        String(ruleNumber),
        '--protocol',
        'tcp',
        '--port-range',
        `From=${from},To=${to}`,
        '--cidr-block',
        cidr,
        '--rule-action',
        'allow',
      ),
    ],
    console: `VPC → Network ACLs → ${aclId} → ${egress ? 'Outbound' : 'Inbound'} rules → Edit → Add rule ${ruleNumber}: Custom TCP, ports ${ports}, ${cidr}, Allow.`,
  };
}

export function command(summary: string, commands: string[], console?: string): DiagnosisFix {
  return { summary, commands, ...(console ? { console } : {}) };
}
