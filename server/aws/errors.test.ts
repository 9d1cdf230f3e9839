import { describe, expect, it } from 'vitest';
import { PortholeError } from '../errors.js';
import { isRetryable } from '../../shared/error-codes.js';
import { AwsError, isAuthFailure, mapAwsError } from './errors.js';

const isRetryableAwsError = (error: unknown) => isRetryable(mapAwsError(error, { profile: 'dev', action: 'x' }).code);

const context = { profile: 'dev', region: 'eu-west-1', action: 'rds:DescribeDBInstances' };

function serviceError(name: string, message: string, status = 400, fault: 'client' | 'server' = 'client') {
  return Object.assign(new Error(message), { name, $fault: fault, $metadata: { httpStatusCode: status } });
}
function providerError(message: string, name = 'CredentialsProviderError') {
  return Object.assign(new Error(message), { name });
}

describe('mapAwsError', () => {
  it('maps a missing SSO token to SSO_LOGIN_REQUIRED with the login command', () => {
    const error = mapAwsError(
      providerError(
        "The SSO session token associated with profile=dev was not found or is invalid. To refresh this SSO session run 'aws sso login' with the corresponding profile.",
      ),
      context,
    );
    expect(error).toBeInstanceOf(AwsError);
    expect(error.code).toBe('SSO_LOGIN_REQUIRED');
    expect(error.status).toBe(403);
    expect(error.hint).toBe('aws sso login --profile dev');
    // Nothing cached to drop: a failed resolution is never kept.
    expect(isAuthFailure(error)).toBe(false);
  });

  it('maps an expired legacy SSO session and a TokenProviderError to SSO_LOGIN_REQUIRED', () => {
    expect(mapAwsError(providerError('The SSO session associated with this profile has expired. To refresh…'), context).code).toBe(
      'SSO_LOGIN_REQUIRED',
    );
    expect(mapAwsError(providerError('Token is expired.', 'TokenProviderError'), context).code).toBe('SSO_LOGIN_REQUIRED');
    expect(mapAwsError(providerError('UnauthorizedException: Session token not found or invalid'), context).code).toBe(
      'SSO_LOGIN_REQUIRED',
    );
  });

  it('maps other provider failures to NO_CREDENTIALS', () => {
    const error = mapAwsError(providerError('Could not load credentials from any providers'), context);
    expect(error.code).toBe('NO_CREDENTIALS');
    expect(error.status).toBe(403);
    expect(error.hint).toContain('aws configure --profile dev');
  });

  it('maps ExpiredToken and ExpiredTokenException to CREDENTIALS_EXPIRED, with the SSO hint for SSO profiles', () => {
    const plain = mapAwsError(serviceError('ExpiredToken', 'The security token included in the request is expired'), context);
    expect(plain.code).toBe('CREDENTIALS_EXPIRED');
    expect(plain.status).toBe(403);
    const sso = mapAwsError(serviceError('ExpiredTokenException', 'expired'), { ...context, kind: 'sso' });
    expect(sso.code).toBe('CREDENTIALS_EXPIRED');
    expect(sso.hint).toBe('aws sso login --profile dev');
    expect(isAuthFailure(sso)).toBe(true);
  });

  it('maps rejected keys to INVALID_CREDENTIALS', () => {
    for (const name of ['InvalidClientTokenId', 'AuthFailure', 'UnrecognizedClientException']) {
      const error = mapAwsError(serviceError(name, 'The security token included in the request is invalid.', 403), context);
      expect(error.code).toBe('INVALID_CREDENTIALS');
      expect(isAuthFailure(error)).toBe(true);
    }
  });

  it('maps AccessDenied to ACCESS_DENIED naming the action AWS names', () => {
    const error = mapAwsError(
      serviceError(
        'AccessDenied',
        'User: arn:aws:iam::1:user/a is not authorized to perform: rds:DescribeDBClusters on resource: arn:x because no identity-based policy allows the rds:DescribeDBClusters action',
        403,
      ),
      context,
    );
    expect(error.code).toBe('ACCESS_DENIED');
    expect(error.status).toBe(403);
    expect(error.message).toContain('rds:DescribeDBClusters');
    expect(error.hint).toContain('rds:DescribeDBClusters');
    expect(isRetryableAwsError(error)).toBe(false);
  });

  it('falls back to the calling action when AWS does not name one (EC2 UnauthorizedOperation)', () => {
    const error = mapAwsError(serviceError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403), {
      ...context,
      action: 'ec2:DescribeInstances',
    });
    expect(error.code).toBe('ACCESS_DENIED');
    expect(error.message).toContain('ec2:DescribeInstances');
  });

  it('maps throttling codes and HTTP 429 to THROTTLED (429, retryable)', () => {
    for (const error of [
      serviceError('Throttling', 'Rate exceeded'),
      serviceError('RequestLimitExceeded', 'Request limit exceeded.', 503),
      serviceError('ThrottlingException', 'Rate exceeded'),
      serviceError('SomethingElse', 'slow down', 429),
    ]) {
      const mapped = mapAwsError(error, context);
      expect(mapped.code).toBe('THROTTLED');
      expect(mapped.status).toBe(429);
      expect(isRetryableAwsError(mapped)).toBe(true);
    }
  });

  it('maps network failures and timeouts to AWS_UNREACHABLE (502, retryable)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const timeout = Object.assign(new Error('a request has exceeded the configured 100 ms requestTimeout.'), {
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
    });
    for (const error of [refused, timeout]) {
      const mapped = mapAwsError(error, context);
      expect(mapped.code).toBe('AWS_UNREACHABLE');
      expect(mapped.status).toBe(502);
      expect(mapped.message).toContain('eu-west-1');
      expect(isRetryableAwsError(error)).toBe(true);
    }
  });

  it('maps SSM StartSession failures for the tunnels', () => {
    const start = { profile: 'dev', region: 'eu-west-1', action: 'ssm:StartSession' };
    const notConnected = mapAwsError(serviceError('TargetNotConnected', 'i-0abc is not connected.'), start);
    expect(notConnected.code).toBe('TARGET_NOT_CONNECTED');
    expect(isRetryableAwsError(notConnected)).toBe(true);
    expect(mapAwsError(serviceError('InvalidDocument', 'Document not found'), start).code).toBe('DOCUMENT_NOT_ALLOWED');
    const denied = mapAwsError(
      serviceError(
        'AccessDeniedException',
        'not authorized to perform: ssm:StartSession on resource: arn:aws:ssm:eu-west-1::document/AWS-StartPortForwardingSessionToRemoteHost',
      ),
      start,
    );
    expect(denied.code).toBe('DOCUMENT_NOT_ALLOWED');
    const deniedInstance = mapAwsError(
      serviceError(
        'AccessDeniedException',
        'not authorized to perform: ssm:StartSession on resource: arn:aws:ec2:eu-west-1:1:instance/i-1',
      ),
      start,
    );
    expect(deniedInstance.code).toBe('ACCESS_DENIED');
    expect(deniedInstance.message).toContain('ssm:StartSession');
  });

  it('maps anything else to AWS_ERROR with AWS message and no stack', () => {
    const mapped = mapAwsError(serviceError('InvalidParameterValue', 'Bad filter', 400), context);
    expect(mapped.code).toBe('AWS_ERROR');
    expect(mapped.status).toBe(502);
    expect(mapped.message).toBe('rds:DescribeDBInstances in eu-west-1 failed: Bad filter');
    expect(mapped.toApiError()).not.toHaveProperty('stack');
    expect(isRetryableAwsError(mapped)).toBe(false);
    expect(isRetryableAwsError(serviceError('InternalFailure', 'boom', 500, 'server'))).toBe(true);
  });

  it('never answers 401 for a credential problem: 401 means a bad Porthole token only', () => {
    const credentialFailures = [
      mapAwsError(providerError('The SSO session associated with this profile has expired.'), context),
      mapAwsError(providerError('Could not load credentials from any providers'), context),
      mapAwsError(serviceError('ExpiredToken', 'expired'), context),
      mapAwsError(serviceError('InvalidClientTokenId', 'unknown key'), context),
    ];
    expect(credentialFailures.map((error) => [error.code, error.status])).toEqual([
      ['SSO_LOGIN_REQUIRED', 403],
      ['NO_CREDENTIALS', 403],
      ['CREDENTIALS_EXPIRED', 403],
      ['INVALID_CREDENTIALS', 403],
    ]);
  });

  it('passes PortholeErrors through unchanged', () => {
    const original = new PortholeError('PORT_IN_USE', 'busy', { status: 409 });
    expect(mapAwsError(original, context)).toBe(original);
  });
});
