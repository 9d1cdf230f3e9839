// Turns the configuration AWS exports for a Client VPN endpoint (ExportClientVpnClientConfiguration)
// into one a client can open: the client certificate and key inline as <cert> and <key> after <ca>,
// as AWS's administrator guide shows. The export never contains them (facts-aws-paths.md §B1, §B2).
import type { X509Certificate } from 'node:crypto';
import { keyMatchesCertificate } from '../x509.js';
import { OvpnError } from './ovpn-error.js';
import { MAX_INPUT_CHARS, certificateToPem, parseCertificate, parseCertificates, parsePrivateKey, privateKeyToPem } from './pem-input.js';

export interface ClientCredentials {
  /** The client certificate, PEM. */
  certificate: string;
  /** Its private key, PEM, unencrypted. */
  privateKey: string;
}

export interface MergedOvpn {
  /** The configuration with <cert> and <key>; it holds a private key: write it with writeOvpnFile (0600). */
  text: string;
  /** `auth-federate`: a SAML endpoint, which only the AWS-provided client can open. */
  federated: boolean;
  /** `auth-user-pass`: an Active Directory endpoint; the client asks for a user name and password. */
  userPass: boolean;
  /** The export already named a certificate or key (inline or as a file); those lines were replaced. */
  replacedExisting: boolean;
  /** Sentences for the user about how to use the file. */
  notices: string[];
  certificate: { subject: string; serialNumber: string; validTo: string };
}

interface InlineBlock {
  tag: string;
  /** Line indexes of the opening and closing tag. */
  open: number;
  close: number;
}

function inlineBlocks(lines: string[]): InlineBlock[] {
  const blocks: InlineBlock[] = [];
  let current: { tag: string; open: number } | undefined;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const opening = /^<([a-z][a-z0-9-]*)>$/.exec(line);
    const closing = /^<\/([a-z][a-z0-9-]*)>$/.exec(line);
    if (!current && opening?.[1]) current = { tag: opening[1], open: index };
    else if (current && closing?.[1] === current.tag) {
      blocks.push({ ...current, close: index });
      current = undefined;
    }
  });
  if (current) throw new OvpnError('OVPN_CONFIG_INVALID', 'The configuration has an inline block that never closes.');
  return blocks;
}

function directive(line: string): string {
  return line.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
}

/** Checks the export's shape: a client config with one <ca> block of readable certificates and a remote. */
export function parseExportedOvpn(text: unknown): { lines: string[]; blocks: InlineBlock[]; ca: X509Certificate[] } {
  const invalid = (why: string): OvpnError => new OvpnError('OVPN_CONFIG_INVALID', `That is not a Client VPN configuration: ${why}.`);
  if (typeof text !== 'string' || text.length > MAX_INPUT_CHARS || text.includes('\0')) throw invalid('it is empty, binary or too large');
  const lines = text.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  const blocks = inlineBlocks(lines);
  const caBlocks = blocks.filter((block) => block.tag === 'ca');
  const caBlock = caBlocks[0];
  if (caBlocks.length !== 1 || !caBlock) throw invalid('it needs exactly one <ca> block');
  const inside = (index: number): boolean => blocks.some((block) => index >= block.open && index <= block.close);
  const outside = lines.filter((_, index) => !inside(index)).map(directive);
  if (!outside.includes('client') || !outside.includes('remote')) throw invalid('it has no client or remote line');
  let ca: X509Certificate[];
  try {
    ca = parseCertificates(lines.slice(caBlock.open + 1, caBlock.close).join('\n'));
  } catch {
    throw invalid('its <ca> block holds no readable certificate');
  }
  return { lines, blocks, ca };
}

/** The CA certificates of an exported configuration's <ca> block: the endpoint's server CA chain. */
export function endpointCa(ovpnText: string): X509Certificate[] {
  return parseExportedOvpn(ovpnText).ca;
}

function signInFlags(lines: string[], inside: (index: number) => boolean): Pick<MergedOvpn, 'federated' | 'userPass' | 'notices'> {
  const federated = lines.some((line, index) => !inside(index) && directive(line) === 'auth-federate');
  const userPass = lines.some((line, index) => !inside(index) && directive(line) === 'auth-user-pass');
  const notices: string[] = [];
  if (federated) {
    notices.push(
      'This endpoint signs in through SAML (auth-federate): open the file with the AWS VPN Client (1.2.0 or later); stock OpenVPN does not understand auth-federate.',
    );
  }
  if (userPass) notices.push('This endpoint also asks for your directory user name and password when you connect.');
  return { federated, userPass, notices };
}

/** How an exported configuration signs in (SAML, directory password), checked like a merge checks it. */
export function exportedSignIn(ovpnText: string): Pick<MergedOvpn, 'federated' | 'userPass' | 'notices'> {
  const { lines, blocks } = parseExportedOvpn(ovpnText);
  return signInFlags(lines, (index) => blocks.some((block) => index >= block.open && index <= block.close));
}

const CREDENTIAL_DIRECTIVES = new Set(['cert', 'key', 'pkcs12']);

/**
 * Adds the client certificate and key inline, after </ca>. Accepts only a certificate and the private
 * key that matches its public key; any other input is an OvpnError that does not repeat it. Existing
 * <cert>/<key> blocks and cert/key/pkcs12 file lines are replaced (reported in `replacedExisting`).
 */
export function mergeClientCredentials(ovpnText: string, credentials: ClientCredentials): MergedOvpn {
  const { lines, blocks } = parseExportedOvpn(ovpnText);
  const cert = parseCertificate(credentials.certificate);
  const key = parsePrivateKey(credentials.privateKey);
  if (!keyMatchesCertificate(cert, key)) {
    throw new OvpnError('OVPN_KEY_MISMATCH', 'The private key does not belong to the certificate.');
  }
  if (cert.ca) throw new OvpnError('OVPN_CERT_INVALID', 'That is a CA certificate, not a client certificate.');

  const dropped = new Set<number>();
  for (const block of blocks) {
    if (block.tag === 'cert' || block.tag === 'key') for (let i = block.open; i <= block.close; i += 1) dropped.add(i);
  }
  const inside = (index: number): boolean => blocks.some((block) => index >= block.open && index <= block.close);
  lines.forEach((line, index) => {
    if (!inside(index) && CREDENTIAL_DIRECTIVES.has(directive(line))) dropped.add(index);
  });

  const caClose = blocks.find((block) => block.tag === 'ca')?.close ?? -1;
  const inline = ['<cert>', certificateToPem(cert), '</cert>', '<key>', privateKeyToPem(key), '</key>'];
  const out: string[] = [];
  lines.forEach((line, index) => {
    if (!dropped.has(index)) out.push(line);
    if (index === caClose) out.push(...inline);
  });

  const { federated, userPass, notices } = signInFlags(lines, inside);
  return {
    text: `${out.join('\n')}\n`,
    federated,
    userPass,
    replacedExisting: dropped.size > 0,
    notices,
    certificate: { subject: cert.subject, serialNumber: cert.serialNumber, validTo: new Date(cert.validTo).toISOString() },
  };
}
