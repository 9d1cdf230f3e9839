// Test helper (imported by *.test.ts only): real AWS config files in a temp dir, and real SDK
// clients that reach a local sandbox through AWS_ENDPOINT_URL.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsClients, type AwsClientsOptions } from '../../server/aws/clients.js';

export interface TempAwsFiles {
  dir: string;
  env: NodeJS.ProcessEnv;
  writeCredentials(text: string): Promise<void>;
  writeConfig(text: string): Promise<void>;
  clients(options?: Omit<AwsClientsOptions, 'env'>): AwsClients;
  cleanup(): Promise<void>;
}

/** `profiles` become static-key sections of the credentials file (name → access key id). */
export async function tempAwsFiles(endpointUrl: string, profiles: Record<string, string>, config = ''): Promise<TempAwsFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'porthole-aws-'));
  const env: NodeJS.ProcessEnv = {
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_ENDPOINT_URL: endpointUrl,
  };
  const made: AwsClients[] = [];
  const files: TempAwsFiles = {
    dir,
    env,
    writeCredentials: (text) => writeFile(join(dir, 'credentials'), text),
    writeConfig: (text) => writeFile(join(dir, 'config'), text),
    clients(options = {}) {
      const clients = new AwsClients({ maxAttempts: 1, ...options, env });
      made.push(clients);
      return clients;
    },
    async cleanup() {
      for (const clients of made) clients.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await files.writeCredentials(staticProfiles(profiles));
  await files.writeConfig(config);
  return files;
}

export function staticProfiles(profiles: Record<string, string>): string {
  return Object.entries(profiles)
    .map(([name, key]) => `[${name}]\naws_access_key_id = ${key}\naws_secret_access_key = sandbox-secret\n`)
    .join('\n');
}
