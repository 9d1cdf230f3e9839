// User-supplied PEM, parsed strictly: exactly the blocks expected, each one that Node (or
// @peculiar/x509 for CRLs) can decode. Everything handed on is re-encoded from the parsed DER, so
// nothing but the certificate or key itself can travel into a file (no stray OpenVPN directives).
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { x509 } from '../x509.js';
import { OvpnError } from './ovpn-error.js';

/** Larger than any certificate, key or Client VPN CRL a person pastes; bounds the work on hostile input. */
export const MAX_INPUT_CHARS = 256 * 1024;

const BEGIN = /^-----BEGIN ([A-Z0-9 ]{1,40})-----$/;
const END = /^-----END ([A-Z0-9 ]{1,40})-----$/;

interface PemBlock {
  label: string;
  /** The whole block, BEGIN to END. */
  text: string;
}

/** PEM blocks, one line at a time (linear on any input; a regex with a back-reference is not). */
function pemBlocks(input: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let open: { label: string; lines: string[] } | undefined;
  for (const raw of input.split(/\r?\n/)) {
    const line = raw.trim();
    const begin = BEGIN.exec(line);
    if (begin) {
      open = { label: begin[1] ?? '', lines: [line] };
      continue;
    }
    if (!open) continue;
    open.lines.push(line);
    if (END.exec(line)?.[1] === open.label) {
      blocks.push({ label: open.label, text: `${open.lines.join('\n')}\n` });
      open = undefined;
    }
  }
  return blocks;
}

function bounded(input: unknown, error: () => OvpnError): string {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_INPUT_CHARS || input.includes('\0')) throw error();
  return input;
}

/** One certificate: exactly one CERTIFICATE block (text around it, as easy-rsa writes, is ignored). */
export function parseCertificate(input: unknown): X509Certificate {
  const invalid = (): OvpnError => new OvpnError('OVPN_CERT_INVALID', 'That is not one PEM certificate.');
  const blocks = pemBlocks(bounded(input, invalid));
  if (blocks.length !== 1 || blocks[0]?.label !== 'CERTIFICATE') throw invalid();
  try {
    return new X509Certificate(blocks[0].text);
  } catch {
    throw invalid();
  }
}

/** Certificates for a CA bundle: at least one CERTIFICATE block, all readable. */
export function parseCertificates(input: unknown): X509Certificate[] {
  const invalid = (): OvpnError => new OvpnError('OVPN_CA_INVALID', 'That is not a list of PEM certificates.');
  const blocks = pemBlocks(bounded(input, invalid));
  if (blocks.length === 0 || blocks.some((block) => block.label !== 'CERTIFICATE')) throw invalid();
  try {
    return blocks.map((block) => new X509Certificate(block.text));
  } catch {
    throw invalid();
  }
}

const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']);

/** One unencrypted private key (PKCS#8, or the older PKCS#1/SEC1 forms). */
export function parsePrivateKey(input: unknown): KeyObject {
  const invalid = (): OvpnError => new OvpnError('OVPN_KEY_INVALID', 'That is not one PEM private key.');
  const blocks = pemBlocks(bounded(input, invalid));
  const block = blocks[0];
  if (blocks.length !== 1 || !block) throw invalid();
  if (block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block.text)) {
    throw new OvpnError('OVPN_KEY_ENCRYPTED', 'The private key is protected by a passphrase.');
  }
  if (!KEY_LABELS.has(block.label)) throw invalid();
  try {
    return createPrivateKey({ key: block.text, format: 'pem' });
  } catch {
    throw invalid();
  }
}

/** A CRL as Client VPN exports it (`X509 CRL`; the bare `CRL` label some tools write is read too). */
export function parseCrl(input: unknown): x509.X509Crl {
  const invalid = (): OvpnError => new OvpnError('OVPN_CRL_INVALID', 'That is not one PEM certificate revocation list.');
  const blocks = pemBlocks(bounded(input, invalid));
  const block = blocks[0];
  if (blocks.length !== 1 || !block || (block.label !== 'X509 CRL' && block.label !== 'CRL')) throw invalid();
  try {
    return new x509.X509Crl(block.text.replace(/-----(BEGIN|END) (X509 )?CRL-----/g, '-----$1 X509 CRL-----'));
  } catch {
    throw invalid();
  }
}

/** The certificate as canonical PEM, from its DER. */
export function certificateToPem(cert: X509Certificate): string {
  return x509.PemConverter.encode(new Uint8Array(cert.raw), 'CERTIFICATE');
}

/** The key as canonical unencrypted PKCS#8 PEM. */
export function privateKeyToPem(key: KeyObject): string {
  return String(key.export({ type: 'pkcs8', format: 'pem' })).trim();
}
