// xml-parse.ts must give exactly what the SDK's own parse step gives, for AWS's answers and for any well-formed
// document: the SDK's XmlShapeDeserializer is the reference here.
import { XmlShapeDeserializer } from '@aws-sdk/core/protocols';
import { describe, expect, it } from 'vitest';
import { parseAwsXml } from './xml-parse.js';

class SdkParse extends XmlShapeDeserializer {
  parse(xml: string): unknown {
    return this.parseXml(xml);
  }
}
// The settings AwsQueryProtocol gives its deserializer (the parse step does not read them).
const sdk = new SdkParse({
  timestampFormat: { useTrait: true, default: 5 },
  httpBindings: false,
  xmlNamespace: 'http://rds.amazonaws.com/doc/2014-10-31/',
  serviceNamespace: 'com.amazonaws.rds',
});
const sdkParse = (xml: string): unknown => sdk.parse(xml);

function expectSameAsSdk(xml: string): void {
  const ours = parseAwsXml(xml);
  expect(ours).toStrictEqual(sdkParse(xml));
  // Same keys in the same order too (a schema reads by name, but nothing should differ).
  expect(JSON.stringify(ours)).toBe(JSON.stringify(sdkParse(xml)));
}

const RDS_PAGE = `<DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
  <DescribeDBInstancesResult>
    <Marker>RGVzY3JpYmU6MTAw</Marker>
    <DBInstances>
      <DBInstance>
        <DBInstanceIdentifier>orders-db</DBInstanceIdentifier>
        <Engine>postgres</Engine>
        <Endpoint><Address>orders-db.c9akciq32.eu-west-1.rds.amazonaws.com</Address><Port>5432</Port></Endpoint>
        <VpcSecurityGroups>
          <VpcSecurityGroupMembership><VpcSecurityGroupId>sg-1</VpcSecurityGroupId><Status>active</Status></VpcSecurityGroupMembership>
          <VpcSecurityGroupMembership><VpcSecurityGroupId>sg-2</VpcSecurityGroupId><Status>active</Status></VpcSecurityGroupMembership>
        </VpcSecurityGroups>
        <DBSubnetGroup><VpcId>vpc-1</VpcId><Subnets/></DBSubnetGroup>
        <InstanceCreateTime>2024-05-01T10:00:00.000Z</InstanceCreateTime>
        <TagList><Tag><Key>team</Key><Value>a &amp; b &lt;core&gt; &#x263A; &#65;</Value></Tag></TagList>
      </DBInstance>
      <DBInstance><DBInstanceIdentifier>empty-tags</DBInstanceIdentifier><TagList></TagList></DBInstance>
    </DBInstances>
  </DescribeDBInstancesResult>
  <ResponseMetadata><RequestId>7f1c2b1e-0000-4000-8000-000000000000</RequestId></ResponseMetadata>
</DescribeDBInstancesResponse>`;

const EC2_PAGE = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
    <reservationSet>
        <item>
            <reservationId>r-1234567890abcdef0</reservationId>
            <instancesSet>
                <item>
                    <instanceId>i-1234567890abcdef0</instanceId>
                    <instanceState><code>16</code><name>running</name></instanceState>
                    <vpcId>vpc-1</vpcId>
                    <groupSet><item><groupId>sg-1</groupId><groupName>bastion</groupName></item></groupSet>
                    <tagSet><item><key>Name</key><value>jump-1</value></item></tagSet>
                </item>
            </instancesSet>
        </item>
    </reservationSet>
</DescribeInstancesResponse>`;

const ERRORS = [
  `<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::1:user/x is not authorized to perform: rds:DescribeDBInstances</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
  `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized.</Message></Error></Errors><RequestID>2</RequestID></Response>`,
];

describe('parseAwsXml', () => {
  it('reads AWS answers exactly as the SDK does: RDS (awsQuery), EC2 (ec2Query) and their errors', () => {
    for (const xml of [RDS_PAGE, EC2_PAGE, ...ERRORS]) expectSameAsSdk(xml);
    // And the values a schema then reads are there: lists, entities, empty elements.
    const page = parseAwsXml(RDS_PAGE) as { DescribeDBInstancesResult: { DBInstances: { DBInstance: { TagList: unknown }[] } } };
    const [first, second] = page.DescribeDBInstancesResult.DBInstances.DBInstance;
    expect(first?.TagList).toEqual({ Tag: { Key: 'team', Value: 'a & b <core> ☺ A' } });
    expect(second?.TagList).toBe('');
  });

  it('follows the SDK on the corners: text beside children, attributes, CDATA, comments, line breaks, empty bodies', () => {
    const corners = [
      '',
      '<a>x</a>',
      '<a b="1">x</a>',
      '<a b="1"/>',
      '<a b=\'&lt;q&gt;\' c="2"><b>1</b></a>',
      '<a b="x>y\nz" c = \'3\'/>',
      '<r><a>1</a><a>2</a><a/><b/><c x="&amp;"/></r>',
      '<r>text<b>1</b>more</r>',
      '<r><d>t<e>1</e>u</d><f>\n  <g>1</g>\n</f></r>',
      '<r><a>  </a><a>\n </a><a> x </a></r>',
      '<r>\r\n<a>x\r\ny\rz</a></r>',
      '<!-- before --><?xml version="1.0"?><!DOCTYPE r [<!ELEMENT r ANY>]><r><![CDATA[<raw> & ]]>tail<!-- in --><?pi x?></r>',
      '<r><b>a</b><b>b</b><b>c</b></r>',
      '<r b="attribute"><b>child</b></r>',
      '<r>&#1234567;&unknown;&amp;amp;</r>',
    ];
    for (const xml of corners) expectSameAsSdk(xml);
  });

  it('matches the SDK on 300 generated documents', () => {
    const random = seeded(17);
    for (let n = 0; n < 300; n++) expectSameAsSdk(generatedDocument(random));
  });

  it('reads names beyond those it keeps (more distinct tags than its cache holds), and names that share a length and first letter', () => {
    const names = Array.from({ length: 5000 }, (_, n) => `T${n.toString(36).padStart(4, '0')}`);
    expectSameAsSdk(`<r>${names.map((name, n) => `<${name}>${n}</${name}>`).join('')}<Tabcd>x</Tabcd><Tabce>y</Tabce></r>`);
  });

  it('refuses XML that is not well formed, as the SDK does', () => {
    const broken = ['<a>', '<a></b>', 'text', '<a><b></a></b>', '<a><!-- open </a>', '<a><![CDATA[x</a>', '   ', '<a'];
    for (const xml of broken) {
      expect(() => sdkParse(xml), xml).toThrow();
      expect(() => parseAwsXml(xml), xml).toThrow(/XML parse error/);
    }
  });
});

/** A small deterministic PRNG (mulberry32), so a failure names a document that can be made again. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generatedDocument(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const TAGS = ['item', 'Member', 'Name', 'Value', 'a', 'b', 'reservationSet'];
  const TEXTS = ['x', 'db-1', ' spaced ', '\n  ', '\r\n', 'a &amp; b', '&lt;tag&gt;', '&#x41;&#66;', '&quot;q&apos;', '', '  '];
  const attributes = (): string => (random() < 0.2 ? ` ${pick(['xmlns', 'id', 'Name'])}="${pick(['1', 'a&amp;b', 'http://x/'])}"` : '');
  const element = (depth: number): string => {
    const tag = pick(TAGS);
    const roll = random();
    if (roll < 0.1) return `<${tag}${attributes()}/>`;
    let content = '';
    const parts = depth > 4 ? 1 : 1 + Math.floor(random() * 4);
    for (let part = 0; part < parts; part++) {
      const kind = random();
      if (depth < 5 && kind < 0.5) content += element(depth + 1);
      else if (kind < 0.85) content += pick(TEXTS);
      else if (kind < 0.92) content += `<![CDATA[${pick(['<x>', ' ', 'raw & text'])}]]>`;
      else content += '<!-- note -->';
    }
    return `<${tag}${attributes()}>${content}</${tag}>`;
  };
  return `${random() < 0.5 ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}${element(0)}`;
}
