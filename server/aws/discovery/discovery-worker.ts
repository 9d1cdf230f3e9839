import { parentPort, workerData } from 'node:worker_threads';
import type { AwsCredentialIdentity } from '@smithy/types';
import { AwsClients, type AwsClientSettings } from '../clients.js';
import { readSlice } from './read-slice.js';
import { fromWireError, toWireError, type FromWorker, type ToWorker, type WireCredentials } from './worker-protocol.js';

// The discovery worker thread (started by discovery-thread.ts): every page of a slice's Describe calls, the SDK's
// XML parsing and the conversion run here, so the main thread's event loop keeps relaying tunnel traffic.
// Credentials are asked of the main thread, which resolves them (SSO, roles, expiry) for the whole daemon.

const port = parentPort;
if (!port) throw new Error('discovery-worker.ts runs as a worker thread');

const { settings } = workerData as { settings: AwsClientSettings };
const ownFiles = new Map<string, string>();
const asked = new Map<number, { resolve: (identity: AwsCredentialIdentity) => void; reject: (error: Error) => void }>();
let nextAsk = 1;
const send = (message: FromWorker): void => port.postMessage(message);

const askCredentials = (profile: string) => (): Promise<AwsCredentialIdentity> =>
  new Promise((resolve, reject) => {
    const id = nextAsk++;
    asked.set(id, { resolve, reject });
    send({ type: 'credentials', id, profile });
  });

const aws = new AwsClients({
  ...settings,
  configFileFor: (profile) => ownFiles.get(profile),
  credentialsFor: askCredentials,
  onAuthFailure: (profile) => send({ type: 'auth-failure', profile }),
});

function identityOf(wire: WireCredentials): AwsCredentialIdentity {
  const { expiration, ...rest } = wire;
  return { ...rest, ...(expiration !== undefined ? { expiration: new Date(expiration) } : {}) };
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'credentials') {
    const waiting = asked.get(message.id);
    asked.delete(message.id);
    if (message.credentials) waiting?.resolve(identityOf(message.credentials));
    else waiting?.reject(fromWireError(message.error ?? { name: 'CredentialsProviderError', message: 'no credentials' }));
    return;
  }
  const { id, key } = message;
  if (message.configFile) ownFiles.set(key.profile, message.configFile);
  else ownFiles.delete(key.profile);
  readSlice(aws, key, (call) => send({ type: 'progress', id, call })).then(
    (slice) => send({ type: 'done', id, slice }),
    (error: unknown) => send({ type: 'failed', id, error: toWireError(error) }),
  );
});
