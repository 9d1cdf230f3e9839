// What can be known about a client certificate before the user tries to connect: is it in date, was it
// issued by the endpoint's CA, and is it on the endpoint's revocation list (the text from
// ExportClientVpnClientCertificateRevocationList)? Each answer is a finding with a level.
import type { X509Certificate } from 'node:crypto';
import { x509 } from '../x509.js';
import { parseExportedOvpn } from './merge-ovpn.js';
import { parseCertificate, parseCertificates, parseCrl } from './pem-input.js';

export type FindingLevel = 'ok' | 'warn' | 'fail';

export type FindingCode =
  | 'CERT_VALID'
  | 'CERT_EXPIRES_SOON'
  | 'CERT_EXPIRED'
  | 'CERT_NOT_YET_VALID'
  | 'CERT_ISSUED_BY_ENDPOINT_CA'
  | 'CERT_NOT_FROM_ENDPOINT_CA'
  | 'CERT_NOT_FROM_CLIENT_CA'
  | 'CERT_NOT_REVOKED'
  | 'CERT_REVOKED'
  | 'CRL_FOR_OTHER_CA'
  | 'CRL_SIGNATURE_INVALID'
  | 'CRL_OUTDATED'
  | 'KEY_NOT_RSA';

export interface Finding {
  code: FindingCode;
  level: FindingLevel;
  message: string;
}

export interface CertificateCheckInput {
  /** The client certificate, PEM. */
  certificate: string;
  /** The exported configuration: its <ca> block is the endpoint's (server) CA. */
  ovpnText?: string;
  /**
   * The endpoint's client root CA (ClientRootCertificateChain) when known. The server CA in <ca> is
   * usually the same CA, but need not be, so only this one turns "another issuer" into a failure.
   */
  clientRootCa?: string;
  /** The endpoint's revocation list, PEM; an empty string means the endpoint has none. */
  crl?: string;
  now?: Date;
  /** Warn when the certificate expires within this many days (default 30). */
  warnDays?: number;
}

export interface CertificateCheck {
  /** The worst level among the findings. */
  level: FindingLevel;
  findings: Finding[];
}

const DAY_MS = 24 * 3600 * 1000;
const RANK: Record<FindingLevel, number> = { ok: 0, warn: 1, fail: 2 };

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function issuedBy(cert: X509Certificate, cas: X509Certificate[]): boolean {
  return cas.some((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey));
}

function validityFinding(cert: X509Certificate, now: Date, warnDays: number): Finding {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (now < from) return { code: 'CERT_NOT_YET_VALID', level: 'fail', message: `The certificate is valid only from ${day(from)}.` };
  if (now > to) return { code: 'CERT_EXPIRED', level: 'fail', message: `The certificate expired on ${day(to)}: issue a new one.` };
  const daysLeft = Math.floor((to.getTime() - now.getTime()) / DAY_MS);
  if (daysLeft < warnDays) {
    return {
      code: 'CERT_EXPIRES_SOON',
      level: 'warn',
      message: `The certificate expires on ${day(to)}, in ${daysLeft} days: issue a new one soon.`,
    };
  }
  return { code: 'CERT_VALID', level: 'ok', message: `The certificate is valid until ${day(to)}.` };
}

function issuerFinding(cert: X509Certificate, endpointCa: X509Certificate[], clientRootCa: X509Certificate[]): Finding | undefined {
  if (clientRootCa.length > 0) {
    return issuedBy(cert, clientRootCa)
      ? { code: 'CERT_ISSUED_BY_ENDPOINT_CA', level: 'ok', message: "The certificate was issued by the endpoint's client CA." }
      : {
          code: 'CERT_NOT_FROM_CLIENT_CA',
          level: 'fail',
          message: "The certificate was not issued by the endpoint's client CA: the endpoint will refuse it.",
        };
  }
  if (endpointCa.length === 0) return undefined;
  return issuedBy(cert, endpointCa)
    ? { code: 'CERT_ISSUED_BY_ENDPOINT_CA', level: 'ok', message: "The certificate was issued by the endpoint's CA." }
    : {
        code: 'CERT_NOT_FROM_ENDPOINT_CA',
        level: 'warn',
        message:
          "The certificate was not issued by the CA in the configuration's <ca> block. That only works when the endpoint's client CA is a different one: check the endpoint's client root certificate chain.",
      };
}

function parsed(cert: X509Certificate): x509.X509Certificate {
  return new x509.X509Certificate(new Uint8Array(cert.raw));
}

/** The CA key a certificate or CRL names as its signer (AKI), when it says. */
function authorityKeyId(item: x509.X509Certificate | x509.X509Crl): string | undefined {
  return item.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
}

/** Same issuer name and, where both say, the same issuer key: two kits' CAs often share a name. */
function sameAuthority(cert: x509.X509Certificate, crl: x509.X509Crl): boolean {
  const [certKey, crlKey] = [authorityKeyId(cert), authorityKeyId(crl)];
  return cert.issuer === crl.issuer && (certKey === undefined || crlKey === undefined || certKey === crlKey);
}

function crlSigner(crl: x509.X509Crl, cas: X509Certificate[]): x509.X509Certificate | undefined {
  const keyId = authorityKeyId(crl);
  return cas.map(parsed).find((ca) => {
    const subjectKey = ca.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    return ca.subject === crl.issuer && (keyId === undefined || subjectKey === undefined || keyId === subjectKey);
  });
}

async function revocationFindings(cert: X509Certificate, crlText: string, cas: X509Certificate[], now: Date): Promise<Finding[]> {
  if (crlText.trim() === '') return [{ code: 'CERT_NOT_REVOKED', level: 'ok', message: 'The endpoint has no revocation list.' }];
  const crl = parseCrl(crlText);
  const subject = parsed(cert);
  if (!sameAuthority(subject, crl)) {
    return [
      {
        code: 'CRL_FOR_OTHER_CA',
        level: 'warn',
        message: "The endpoint's revocation list comes from another CA, so it says nothing about this certificate.",
      },
    ];
  }
  const findings: Finding[] = [];
  const signer = crlSigner(crl, cas);
  if (signer && !(await crl.verify({ publicKey: signer }))) {
    findings.push({
      code: 'CRL_SIGNATURE_INVALID',
      level: 'warn',
      message: "The revocation list's signature does not verify with the CA.",
    });
  }
  if (crl.nextUpdate && crl.nextUpdate < now) {
    findings.push({
      code: 'CRL_OUTDATED',
      level: 'warn',
      message: `The revocation list was due for renewal on ${day(crl.nextUpdate)}: upload a fresh one.`,
    });
  }
  const entry = crl.findRevoked(subject);
  findings.push(
    entry
      ? {
          code: 'CERT_REVOKED',
          level: 'fail',
          message: `The certificate was revoked on ${day(entry.revocationDate)}: the endpoint will refuse it.`,
        }
      : { code: 'CERT_NOT_REVOKED', level: 'ok', message: "The certificate is not on the endpoint's revocation list." },
  );
  return findings;
}

/** Client VPN documents RSA 1024 and 2048-bit keys only (facts-aws-paths.md §B2). */
function keyFinding(cert: X509Certificate): Finding | undefined {
  const { asymmetricKeyType: type, asymmetricKeyDetails: details } = cert.publicKey;
  const bits = details?.modulusLength;
  if (type === 'rsa' && (bits === 1024 || bits === 2048)) return undefined;
  const what = type === 'rsa' ? `an RSA-${bits ?? '?'} key` : `a ${type ?? 'non-RSA'} key`;
  return {
    code: 'KEY_NOT_RSA',
    level: 'warn',
    message: `The certificate has ${what}; Client VPN documents RSA 1024 and 2048-bit keys only.`,
  };
}

/** Runs every check the inputs allow. Inputs that do not parse throw an OvpnError (never echoing them). */
export async function checkClientCertificate(input: CertificateCheckInput): Promise<CertificateCheck> {
  const now = input.now ?? new Date();
  const cert = parseCertificate(input.certificate);
  const endpointCa = input.ovpnText !== undefined ? parseExportedOvpn(input.ovpnText).ca : [];
  const clientRootCa = input.clientRootCa !== undefined ? parseCertificates(input.clientRootCa) : [];
  const findings: Finding[] = [validityFinding(cert, now, input.warnDays ?? 30)];
  const issuer = issuerFinding(cert, endpointCa, clientRootCa);
  if (issuer) findings.push(issuer);
  if (input.crl !== undefined) findings.push(...(await revocationFindings(cert, input.crl, [...clientRootCa, ...endpointCa], now)));
  const key = keyFinding(cert);
  if (key) findings.push(key);
  const level = findings.reduce<FindingLevel>((worst, finding) => (RANK[finding.level] > RANK[worst] ? finding.level : worst), 'ok');
  return { level, findings };
}
