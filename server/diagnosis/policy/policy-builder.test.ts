// The generated policies: IAM's JSON policy grammar, every action real (the SDK's service models, or AWS's
// documented list for services without an SDK client here), and least privilege for exactly these tunnels.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument, TunnelSpec } from '../../../shared/api.js';
import { buildPolicies, regionKey } from './policy-builder.js';
import { DOCUMENTED_ACTIONS } from './action-catalog.js';

const ACCOUNT = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function tunnel(id: string, over: Partial<TunnelSpec> = {}, target: Partial<TunnelSpec['target']> = {}): TunnelSpec {
  return {
    id,
    name: id,
    profile: 'dev',
    region: 'us-east-1',
    target: { id: `dev:us-east-1:instance:${id}`, host: `${id}.c9akciq32.us-east-1.rds.amazonaws.com`, port: 5432, name: id, ...target },
    jumpHostId: 'i-0123456789abcdef0',
    localPort: 5432,
    lazy: true,
    autoStart: false,
    ...over,
  };
}

const SDK_PACKAGES: Record<string, string> = {
  ec2: 'client-ec2',
  rds: 'client-rds',
  ssm: 'client-ssm',
  sts: 'client-sts',
  iam: 'client-iam',
  secretsmanager: 'client-secrets-manager',
};

/** Whether AWS knows the action: an SDK command of that name, or AWS's documented list. */
function actionExists(action: string): boolean {
  const [service, name] = action.split(':') as [string, string];
  const documented = DOCUMENTED_ACTIONS[service]?.actions.includes(name) ?? false;
  const pkg = SDK_PACKAGES[service];
  const inSdk =
    pkg !== undefined && existsSync(join(process.cwd(), 'node_modules', '@aws-sdk', pkg, 'dist-types', 'commands', `${name}Command.d.ts`));
  return inSdk || documented;
}

/** The IAM JSON policy grammar (docs: reference_policies_grammar), as far as these policies use it. */
function grammarProblems(document: PolicyDocument): string[] {
  const problems: string[] = [];
  const parsed = JSON.parse(JSON.stringify(document)) as PolicyDocument;
  if (parsed.Version !== '2012-10-17') problems.push('Version');
  if (!Array.isArray(parsed.Statement) || parsed.Statement.length === 0) problems.push('Statement');
  const sids = new Set<string>();
  for (const statement of parsed.Statement) {
    if (!/^[A-Za-z0-9]+$/.test(statement.Sid) || sids.has(statement.Sid)) problems.push(`Sid ${statement.Sid}`);
    sids.add(statement.Sid);
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') problems.push(`Effect in ${statement.Sid}`);
    const actions = [statement.Action].flat();
    if (actions.length === 0 || actions.some((action) => !/^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(action)))
      problems.push(`Action in ${statement.Sid}`);
    const resources = [statement.Resource].flat();
    if (
      resources.length === 0 ||
      resources.some(
        (resource) => resource !== '*' && !/^arn:aws(-cn|-us-gov)?:[a-z0-9-]+:([a-z0-9-]*|\*):(\d{12}|\*|aws)?:.+$/.test(resource),
      )
    ) {
      problems.push(`Resource in ${statement.Sid}`);
    }
    for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
      if (!/^[A-Za-z]+$/.test(operator)) problems.push(`Condition operator ${operator}`);
      for (const value of Object.values(block))
        if ([value].flat().some((item) => typeof item !== 'string')) problems.push(`Condition value in ${statement.Sid}`);
    }
  }
  // Managed policies hold at most 6,144 characters without whitespace.
  if (JSON.stringify(parsed).length > 6144) problems.push('too long');
  return problems;
}

describe('buildPolicies', () => {
  const tunnels = [
    tunnel('orders'),
    tunnel(
      'ledger',
      { jumpHostId: 'i-0fedcba9876543210', region: 'eu-west-1' },
      { id: 'dev:eu-west-1:cluster-writer:ledger', iamAuth: true, masterUsername: 'app' },
    ),
    tunnel('users', {}, { masterSecretArn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:rds!db-users-AbCdEf` }),
  ];
  const result = buildPolicies(tunnels, {
    accounts: new Map([['dev', ACCOUNT]]),
    kmsKeys: new Map([[regionKey('dev', 'us-east-1'), KEY]]),
    dbResourceIds: new Map([['ledger', 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2']]),
    notes: [],
  });
  const account = result.accounts[0]!;
  const statement = (sid: string) => account.user.Statement.find((candidate) => candidate.Sid === sid);

  it('is valid IAM policy JSON, and every action exists', () => {
    const documents = [account.user, account.jumpHostRole.inline!, account.jumpHostRole.minimalAlternative];
    for (const document of documents) expect(grammarProblems(document)).toEqual([]);
    const actions = documents.flatMap((document) => document.Statement.flatMap((s) => [s.Action].flat()));
    expect(actions.filter((action) => !actionExists(action))).toEqual([]);
    expect(actionExists('ec2:DescribeSecurityGroupz')).toBe(false);
    expect(statement('ReadClientVpnEndpoints')?.Action).toContain('ec2:ExportClientVpnClientCertificateRevocationList');
  });

  it('allows StartSession on exactly these jump hosts and the document, with the document access check', () => {
    expect(statement('StartTunnelsOnTheseJumpHostsOnly')).toEqual({
      Sid: 'StartTunnelsOnTheseJumpHostsOnly',
      Effect: 'Allow',
      Action: 'ssm:StartSession',
      Resource: [
        `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0fedcba9876543210`,
        `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0123456789abcdef0`,
        'arn:aws:ssm:eu-west-1::document/AWS-StartPortForwardingSessionToRemoteHost',
        'arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSessionToRemoteHost',
      ],
      Condition: { BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' } },
    });
    expect(statement('EndOrResumeOwnSessions')?.Condition).toEqual({
      StringLike: { 'ssm:resourceTag/aws:ssmmessages:session-id': ['${aws:userid}'] },
    });
  });

  it('names the IAM-auth database user, the managed secrets and the session key; the host role may decrypt with it', () => {
    expect(statement('IamDatabaseAuthentication')?.Resource).toEqual([
      `arn:aws:rds-db:eu-west-1:${ACCOUNT}:dbuser:cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2/app`,
    ]);
    expect(statement('ReadManagedMasterPasswords')?.Resource).toEqual([
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:rds!db-users-AbCdEf`,
    ]);
    expect(statement('EncryptSessions')).toMatchObject({ Action: 'kms:GenerateDataKey', Resource: [KEY] });
    expect(account.jumpHostRole.managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore']);
    expect(account.jumpHostRole.inline?.Statement).toEqual([
      { Sid: 'DecryptSessions', Effect: 'Allow', Action: 'kms:Decrypt', Resource: [KEY] },
    ]);
  });

  it('leaves out what the tunnels do not need, and widens what could not be read', () => {
    const plain = buildPolicies([tunnel('orders')], { accounts: new Map(), kmsKeys: new Map(), dbResourceIds: new Map(), notes: [] });
    const sids = plain.accounts[0]!.user.Statement.map((s) => s.Sid);
    expect(sids).not.toContain('IamDatabaseAuthentication');
    expect(sids).not.toContain('EncryptSessions');
    expect(plain.accounts[0]!.jumpHostRole.inline).toBeUndefined();
    expect(plain.accounts[0]!.accountId).toBe('*');
    expect(plain.notes.join(' ')).toMatch(/sts:GetCallerIdentity/);
  });
});
