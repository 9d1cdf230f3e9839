import { StartSessionCommand, TerminateSessionCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { PortholeError } from '../errors.js';
import type { StartedSession, StartSessionRequest } from '../plugin/plugin-args.js';

/** The two SSM calls a tunnel needs, for one (profile, region). */
export interface SessionApi {
  start(request: StartSessionRequest): Promise<StartedSession>;
  terminate(sessionId: string): Promise<void>;
  /** The SSM endpoint URL the client uses: argv 6 for the plugin. */
  endpoint(): Promise<string>;
}

export type SessionApiFactory = (profile: string, region: string) => SessionApi;

/** What this module needs from server/aws's AwsClients (structural, so tests can pass fakes). */
export interface SsmClientSource {
  ssm(profile: string, region: string): SSMClient;
  ssmEndpoint(profile: string, region: string): Promise<string>;
}

export type AwsErrorMapper = (error: unknown, context: { profile: string; region: string; action: string }) => PortholeError;

/** SessionApi over the SDK: responses checked and renamed here, SDK errors mapped to PortholeErrors. */
export function sessionApiFromClients(clients: SsmClientSource, mapError: AwsErrorMapper = fallbackMapper): SessionApiFactory {
  return (profile, region) => ({
    async start(request) {
      let reply;
      try {
        reply = await clients.ssm(profile, region).send(new StartSessionCommand(request));
      } catch (error) {
        throw mapError(error, { profile, region, action: 'ssm:StartSession' });
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
        throw mapError(error, { profile, region, action: 'ssm:TerminateSession' });
      }
    },
    endpoint: () => clients.ssmEndpoint(profile, region),
  });
}

function fallbackMapper(error: unknown, context: { action: string }): PortholeError {
  const name = (error as { name?: string }).name ?? 'Error';
  if (name === 'TargetNotConnected') {
    return new PortholeError('TARGET_NOT_CONNECTED', 'The jump host is not connected to Session Manager.', { status: 502, cause: error });
  }
  if (name === 'AccessDeniedException') {
    return new PortholeError('ACCESS_DENIED', `Access denied on ${context.action}.`, { status: 403, cause: error });
  }
  return new PortholeError('AWS_ERROR', `${context.action} failed (${name}).`, { status: 502, cause: error });
}
