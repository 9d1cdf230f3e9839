import type { ApiError } from '../../../shared/api';

// One error, one place: where each kind of failure is explained and fixed. Other places that meet it say so in
// a few words and link there instead of repeating the explanation.

/** Failures of a profile's AWS credentials: explained on the profile, with the command that fixes them. */
const CREDENTIAL_CODES = new Set([
  'SSO_LOGIN_REQUIRED',
  'CREDENTIALS_EXPIRED',
  'NO_CREDENTIALS',
  'INVALID_CREDENTIALS',
  'CREDENTIALS_INVALID',
  'MFA_REQUIRED',
]);

export function isCredentialError(error: Pick<ApiError, 'code'> | undefined): boolean {
  return error !== undefined && CREDENTIAL_CODES.has(error.code);
}

/** The plugin is missing: explained once, in the page banner. */
export function isPluginMissing(error: Pick<ApiError, 'code'> | undefined): boolean {
  return error?.code === 'PLUGIN_NOT_FOUND';
}

/** Short words for a credential failure, for places that link to the profile instead of explaining. */
export function credentialWords(error: Pick<ApiError, 'code'>): string {
  switch (error.code) {
    case 'SSO_LOGIN_REQUIRED':
      return 'needs an SSO sign-in';
    case 'CREDENTIALS_EXPIRED':
      return 'has expired credentials';
    case 'NO_CREDENTIALS':
      return 'has no credentials';
    case 'MFA_REQUIRED':
      return 'needs an MFA code Porthole cannot ask for';
    default:
      return 'has credentials AWS refuses';
  }
}
