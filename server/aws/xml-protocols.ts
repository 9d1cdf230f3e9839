import { AwsEc2QueryProtocol, AwsQueryProtocol, XmlShapeDeserializer } from '@aws-sdk/core/protocols';
import { parseAwsXml } from './xml-parse.js';

// The RDS (awsQuery) and EC2 (ec2Query) protocols with xml-parse.ts in place of the SDK's XML parser. The SDK lets a
// client take its protocol as a class (`protocol` in the client config) and keeps the parse step overridable
// (`XmlShapeDeserializer.parseXml`); everything else — the schema walk, errors, pagination — stays the SDK's.

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
