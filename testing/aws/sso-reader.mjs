// A separate process that reads the shared SSO cache the way any JS tool would: the SDK's own fromSSO provider
// (HOME, AWS_CONFIG_FILE and AWS_ENDPOINT_URL from its environment), then STS with the role credentials.
// Prints one JSON line: who STS says it is. Test kit only.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromSSO } from '@aws-sdk/credential-providers';

const profile = process.argv[2] ?? 'default';
try {
  const credentials = await fromSSO({ profile })();
  const sts = new STSClient({ region: 'us-east-1', credentials, maxAttempts: 1 });
  const who = await sts.send(new GetCallerIdentityCommand({}));
  process.stdout.write(`${JSON.stringify({ ok: true, arn: who.Arn, account: who.Account, accessKeyId: credentials.accessKeyId })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, name: error.name, message: error.message })}\n`);
}
