import type { Codes } from '../../../shared/error-codes.js';
import { PortholeError } from '../../errors.js';

export type OvpnErrorCode = Codes<
  | 'OVPN_CONFIG_INVALID'
  | 'OVPN_CERT_INVALID'
  | 'OVPN_KEY_INVALID'
  | 'OVPN_KEY_ENCRYPTED'
  | 'OVPN_KEY_MISMATCH'
  | 'OVPN_CA_INVALID'
  | 'OVPN_CRL_INVALID'
  | 'OVPN_PATH_INVALID'
>;

const HINTS: Record<OvpnErrorCode, string> = {
  OVPN_CONFIG_INVALID: 'Paste the file from "Download client configuration" (ExportClientVpnClientConfiguration) unchanged.',
  OVPN_CERT_INVALID: 'Paste the client certificate: one PEM block that starts with -----BEGIN CERTIFICATE-----.',
  OVPN_KEY_INVALID: 'Paste the private key: one PEM block that starts with -----BEGIN PRIVATE KEY----- (or RSA PRIVATE KEY).',
  OVPN_KEY_ENCRYPTED: 'Decrypt the key first (openssl pkey -in key.pem -out plain.pem); the .ovpn carries it in the clear, mode 0600.',
  OVPN_KEY_MISMATCH: 'Use the key file issued together with this certificate.',
  OVPN_CA_INVALID: 'Paste the CA certificate(s) as PEM blocks that start with -----BEGIN CERTIFICATE-----.',
  OVPN_PATH_INVALID: 'Pick a file name that ends in .ovpn.',
  OVPN_CRL_INVALID: 'Paste the revocation list as exported by ExportClientVpnClientCertificateRevocationList (-----BEGIN X509 CRL-----).',
};

/**
 * A rejected input. The message says what was expected and never repeats what was given: the
 * input may be a private key.
 */
export class OvpnError extends PortholeError {
  declare readonly code: OvpnErrorCode;

  constructor(code: OvpnErrorCode, message: string) {
    // No `cause`: a parser's error could quote the input.
    super(code, message, { hint: HINTS[code], status: 400 });
    this.name = 'OvpnError';
  }
}
