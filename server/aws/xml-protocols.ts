import { AwsEc2QueryProtocol, AwsQueryProtocol, XmlShapeDeserializer } from '@aws-sdk/core/protocols';
import { NormalizedSchema } from '@smithy/core/schema';
import type { Schema } from '@smithy/types';
import { parseAwsXml } from './xml-parse.js';

// The RDS (awsQuery) and EC2 (ec2Query) protocols with Porthole's XML reading in place of the SDK's, for discovery's
// thousands of databases (issue 17). The SDK lets a client take its protocol as a class (`protocol` in the client
// config) and keeps the deserializer's parse and read steps overridable; the errors, pagination and everything else
// stay the SDK's. xml-protocols.sandbox.test.ts compares both over the wire.

/** A struct's members by the XML element that carries each: [member name, its schema]; null if two share one. */
type MembersByElement = Map<string, [string, NormalizedSchema]> | null;
const membersByStruct = new WeakMap<object, MembersByElement>();

function membersOf(ns: NormalizedSchema): MembersByElement {
  const struct = ns.getSchema() as object;
  const known = membersByStruct.get(struct);
  if (known !== undefined) return known;
  let members: MembersByElement = new Map();
  for (const [memberName, memberSchema] of ns.structIterator()) {
    // As the SDK names a member's element.
    const traits = memberSchema.getMergedTraits();
    const element: string | undefined = traits.httpPayload
      ? (traits.xmlName ?? memberSchema.getName())
      : (memberSchema.getMemberTraits().xmlName ?? memberName);
    if (element === undefined || members.has(element)) {
      members = null;
      break;
    }
    members.set(element, [memberName, memberSchema]);
  }
  membersByStruct.set(struct, members);
  return members;
}

class FastXmlDeserializer extends XmlShapeDeserializer {
  protected override parseXml(xml: string): unknown {
    try {
      return parseAwsXml(xml);
    } catch (error) {
      // As the SDK does: the body goes with the error, for its error handling.
      if (error && typeof error === 'object') Object.defineProperty(error, '$responseBodyText', { value: xml });
      throw error;
    }
  }

  /**
   * A struct is read from the elements the answer has, not by trying each of the schema's members (a DB instance
   * has about 130, of which an answer carries 20–30): the same values, each member read by the SDK's own rules.
   */
  override readSchema(schema: Schema, value: unknown): unknown {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const ns = NormalizedSchema.of(schema);
      const members = ns.isStructSchema() && !ns.isUnionSchema() ? membersOf(ns) : null;
      if (members) {
        const elements = value as Record<string, unknown>;
        const buffer: Record<string, unknown> = {};
        for (const element in elements) {
          const member = members.get(element);
          if (member && elements[element] != null) buffer[member[0]] = this.readSchema(member[1], elements[element]);
        }
        return buffer;
      }
    }
    return super.readSchema(schema, value);
  }
}

type ProtocolOptions = ConstructorParameters<typeof AwsQueryProtocol>[0];

export class FastXmlQueryProtocol extends AwsQueryProtocol {
  constructor(options: ProtocolOptions) {
    super(options);
    this.deserializer = new FastXmlDeserializer(this.deserializer.settings);
  }
}

export class FastXmlEc2QueryProtocol extends AwsEc2QueryProtocol {
  constructor(options: ProtocolOptions) {
    super(options);
    this.deserializer = new FastXmlDeserializer(this.deserializer.settings);
  }
}

/** Whether a client's protocol reads XML with xml-parse.ts (a test checks the clients Porthole makes). */
export function usesFastXml(protocol: unknown): boolean {
  return protocol instanceof AwsQueryProtocol && protocol['deserializer'] instanceof FastXmlDeserializer;
}
