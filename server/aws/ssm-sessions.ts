import { StartSessionCommand, TerminateSessionCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { PortholeError } from '../errors.js';
import { mapAwsError } from './errors.js';

/** StartSession's request, as SSM takes it and as the plugin's argv 4 repeats it. */
export interface StartSessionRequest {
  Target: string;
  DocumentName: string;
  Parameters: Record<string, string[]>;
}

/** StartSession's answer: what the plugin needs to open the data channel. The token is a secret. */
export interface StartedSession {
  sessionId: string;
  tokenValue: string;
  streamUrl: string;
}

/** The two SSM calls a tunnel needs, for one (profile, region). */
export interface SessionApi {
  start(request: StartSessionRequest): Promise<StartedSession>;
  terminate(sessionId: string): Promise<void>;
  /** The SSM endpoint URL the client uses: argv 6 for the plugin. */
  endpoint(): Promise<string>;
}

export type SessionApiFactory = (profile: string, region: string) => SessionApi;

/** What this module needs from AwsClients (structural, so tests can pass fakes). */
export interface SsmClientSource {
  ssm(profile: string, region: string): SSMClient;
  ssmEndpoint(profile: string, region: string): Promise<string>;
}

/** SessionApi over the SDK: responses checked and renamed here, SDK errors mapped to PortholeErrors. */
export function sessionApiFromClients(clients: SsmClientSource): SessionApiFactory {
  return (profile, region) => ({
    async start(request) {
      let reply;
      try {
        reply = await clients.ssm(profile, region).send(new StartSessionCommand(request));
      } catch (error) {
        throw mapAwsError(error, { profile, region, action: 'ssm:StartSession' });
      }
      if (!reply.SessionId || !reply.TokenValue || !reply.StreamUrl) {
        throw new PortholeError('SESSION_START_INVALID', 'StartSession answered without a session id, token or stream URL.', {
          status: 502,
        });
      }
      return { sessionId: reply.SessionId, tokenValue: reply.TokenValue, streamUrl: reply.StreamUrl };
    },
    async terminate(sessionId) {
      try {
        await clients.ssm(profile, region).send(new TerminateSessionCommand({ SessionId: sessionId }));
      } catch (error) {
        throw mapAwsError(error, { profile, region, action: 'ssm:TerminateSession' });
      }
    },
    endpoint: () => clients.ssmEndpoint(profile, region),
  });
}
