import { describe, expect, it } from 'vitest';
import { ENV_PROFILE } from '../../shared/api.js';
import { buildPluginInvocation, portForwardRequest, RESPONSE_ENV, supportsEnvResponse } from './plugin-args.js';

const session = { sessionId: 'dev-0123', tokenValue: 'SECRET-TOKEN-VALUE', streamUrl: 'wss://ssm.local/stream' };
const request = portForwardRequest('i-0abc', 'db.example.rds.amazonaws.com', 5432);
const base = { session, region: 'eu-west-1', profile: 'dev', request, endpoint: 'http://127.0.0.1:4566' };

describe('buildPluginInvocation', () => {
  it('passes the reply through the environment for plugins newer than 1.2.497.0, keeping the token out of argv', () => {
    const { args, env } = buildPluginInvocation({ ...base, pluginVersion: '1.2.677.0' });
    expect(args).toHaveLength(6);
    expect(args[0]).toBe(RESPONSE_ENV);
    expect(args.join(' ')).not.toContain('SECRET-TOKEN-VALUE');
    expect(args.join(' ')).not.toContain('wss://');
    expect(JSON.parse(env[RESPONSE_ENV] ?? '')).toEqual({
      SessionId: 'dev-0123',
      TokenValue: 'SECRET-TOKEN-VALUE',
      StreamUrl: 'wss://ssm.local/stream',
    });
    expect(args.slice(1)).toEqual(['eu-west-1', 'StartSession', 'dev', JSON.stringify(request), 'http://127.0.0.1:4566']);
  });

  it('passes the reply as JSON in argv 1 for 1.2.497.0 and older', () => {
    const { args, env } = buildPluginInvocation({ ...base, pluginVersion: '1.2.497.0' });
    expect(JSON.parse(args[0] ?? '')).toEqual({
      SessionId: 'dev-0123',
      TokenValue: 'SECRET-TOKEN-VALUE',
      StreamUrl: 'wss://ssm.local/stream',
    });
    expect(env).toEqual({});
  });

  it('passes an empty profile for credentials from the environment', () => {
    const { args } = buildPluginInvocation({ ...base, profile: ENV_PROFILE, pluginVersion: '1.2.677.0' });
    expect(args[3]).toBe('');
  });

  it('builds the remote-host request with string arrays and a random local port', () => {
    expect(request).toEqual({
      Target: 'i-0abc',
      DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost',
      Parameters: { host: ['db.example.rds.amazonaws.com'], portNumber: ['5432'], localPortNumber: ['0'] },
    });
  });

  it('compares versions numerically', () => {
    expect(supportsEnvResponse('1.2.498.0')).toBe(true);
    expect(supportsEnvResponse('1.2.1000.0')).toBe(true);
    expect(supportsEnvResponse('1.2.497.0')).toBe(false);
    expect(supportsEnvResponse('1.1.999.0')).toBe(false);
  });
});
