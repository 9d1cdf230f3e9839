import type { Codes } from '../../../shared/error-codes.js';
import { PortholeError } from '../../errors.js';

export type CertKitErrorCode = Codes<
  | 'KIT_EXISTS'
  | 'KIT_FOLDER_NOT_EMPTY'
  | 'KIT_NOT_FOUND'
  | 'KIT_INVALID'
  | 'KIT_CHANGED'
  | 'KIT_NAME_INVALID'
  | 'KIT_NAME_TAKEN'
  | 'KIT_NOT_ISSUED'
  | 'KIT_ALREADY_REVOKED'
  | 'KIT_OPTION_INVALID'
>;

const STATUS: Record<CertKitErrorCode, number> = {
  KIT_EXISTS: 409,
  KIT_FOLDER_NOT_EMPTY: 409,
  KIT_NOT_FOUND: 404,
  KIT_INVALID: 422,
  KIT_CHANGED: 409,
  KIT_NAME_INVALID: 400,
  KIT_NAME_TAKEN: 409,
  KIT_NOT_ISSUED: 404,
  KIT_ALREADY_REVOKED: 409,
  KIT_OPTION_INVALID: 400,
};

/** A certificate-kit failure with a stable code; messages name files and certificates, never key material. */
export class CertKitError extends PortholeError {
  declare readonly code: CertKitErrorCode;

  constructor(code: CertKitErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(code, message, { ...options, status: STATUS[code] });
    this.name = 'CertKitError';
  }
}
