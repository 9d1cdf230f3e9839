import { ENV_PROFILE } from '../../shared/api.js';
import type { StartedSession, StartSessionRequest } from '../aws/ssm-sessions.js';
import { compareVersions } from './locate.js';

// The six arguments, as the AWS CLI passes them (awscli/customizations/sessionmanager.py) and as
// ssm-plugin-contract.md §1 lists them.

export const RESPONSE_ENV = 'AWS_SSM_START_SESSION_RESPONSE';
/** Plugins newer than this read the StartSession reply from the environment instead of argv 1. */
export const ENV_RESPONSE_MIN_EXCLUSIVE = '1.2.497.0';

export type { StartedSession, StartSessionRequest };

export interface PluginInvocationInput {
  pluginVersion: string;
  session: StartedSession;
  region: string;
  /** A profile name, or ENV_PROFILE when credentials come from the environment. */
  profile: string;
  request: StartSessionRequest;
  /** The SSM endpoint URL the SDK client used (argv 6 is the plugin's only way to learn it). */
  endpoint: string;
}

export interface PluginInvocation {
  args: string[];
  /** Extra environment for the child; holds the token in the env form. Never log it. */
  env: Record<string, string>;
}

export function supportsEnvResponse(version: string): boolean {
  return compareVersions(version, ENV_RESPONSE_MIN_EXCLUSIVE) > 0;
}

export function buildPluginInvocation(input: PluginInvocationInput): PluginInvocation {
  const response = JSON.stringify({
    SessionId: input.session.sessionId,
    TokenValue: input.session.tokenValue,
    StreamUrl: input.session.streamUrl,
  });
  const viaEnv = supportsEnvResponse(input.pluginVersion);
  const args = [
    viaEnv ? RESPONSE_ENV : response,
    input.region,
    'StartSession',
    input.profile === ENV_PROFILE ? '' : input.profile,
    JSON.stringify(input.request),
    input.endpoint,
  ];
  return { args, env: viaEnv ? { [RESPONSE_ENV]: response } : {} };
}

/** The port-forwarding request for a remote host; every parameter value is an array of strings. */
export function portForwardRequest(target: string, host: string, port: number): StartSessionRequest {
  return {
    Target: target,
    DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost',
    Parameters: { host: [host], portNumber: [String(port)], localPortNumber: ['0'] },
  };
}
