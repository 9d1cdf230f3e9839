// The X.509 side of the kit, without files: a CA, server and client certificates and CRLs, shaped
// like the easy-rsa setup AWS's Client VPN guide uses (RSA-2048, SHA-256; server certificates carry
// serverAuth and a DNS name, client certificates clientAuth). See facts-aws-paths.md §B2 and §B4.
import { randomBytes } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import {
  RSA_KEY_ALGORITHM,
  RSA_SIGNING_ALGORITHM,
  certificatePem,
  crlPem,
  privateKeyPem,
  subtle,
  x509,
  type CryptoKey,
  type CryptoKeyPair,
} from '../x509.js';

const DAY_MS = 24 * 3600 * 1000;
/** Back-dates notBefore so a client whose clock runs a little slow still accepts a fresh certificate. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export type LeafKind = 'server' | 'client';

/** One issued certificate and its key, PEM. */
export interface IssuedPem {
  serial: string;
  notAfter: Date;
  certPem: string;
  keyPem: string;
}

/** The CA as the kit keeps it: the certificate and a key that can sign. */
export interface CaMaterial {
  cert: x509.X509Certificate;
  signingKey: CryptoKey;
}

/** A positive serial of 16 random bytes (the leading 01 keeps it positive and its length fixed). */
export function newSerial(): string {
  return `01${randomBytes(15).toString('hex')}`;
}

function rsaKeys(): Promise<CryptoKeyPair> {
  return subtle.generateKey(RSA_KEY_ALGORITHM, true, ['sign', 'verify']);
}

function validity(now: Date, days: number, notAfterCap?: Date): { notBefore: Date; notAfter: Date } {
  const wanted = new Date(now.getTime() + days * DAY_MS);
  const notAfter = notAfterCap && notAfterCap < wanted ? notAfterCap : wanted;
  return { notBefore: new Date(now.getTime() - CLOCK_SKEW_MS), notAfter };
}

export interface CreateCaOptions {
  commonName: string;
  validDays: number;
  now: Date;
}

/** A self-signed root: CA:TRUE pathlen 0 and keyCertSign|cRLSign, both critical. */
export async function createCa(options: CreateCaOptions): Promise<IssuedPem & CaMaterial> {
  const keys = await rsaKeys();
  const serial = newSerial();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial,
    name: [{ CN: [options.commonName] }],
    ...validity(options.now, options.validDays),
    keys,
    signingAlgorithm: RSA_SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    serial,
    notAfter: cert.notAfter,
    certPem: certificatePem(cert),
    keyPem: await privateKeyPem(keys.privateKey),
    cert,
    signingKey: keys.privateKey,
  };
}

export interface IssueLeafOptions {
  kind: LeafKind;
  /** The subject CN; for a server also its one DNS name (Client VPN's ACM import wants a domain name). */
  name: string;
  validDays: number;
  now: Date;
}

/** A server (serverAuth, SAN DNS) or client (clientAuth) certificate signed by the CA, never outliving it. */
export async function issueLeaf(ca: CaMaterial, options: IssueLeafOptions): Promise<IssuedPem> {
  const keys = await rsaKeys();
  const serial = newSerial();
  const server = options.kind === 'server';
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    // keyEncipherment for TLS 1.2 RSA key exchange on the server side; a client only signs.
    new x509.KeyUsagesExtension(
      server ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment : x509.KeyUsageFlags.digitalSignature,
      true,
    ),
    new x509.ExtendedKeyUsageExtension([server ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
  ];
  if (server) extensions.push(new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: options.name }]));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: [{ CN: [options.name] }],
    issuer: ca.cert.subjectName,
    ...validity(options.now, options.validDays, ca.cert.notAfter),
    publicKey: keys.publicKey,
    signingKey: ca.signingKey,
    signingAlgorithm: RSA_SIGNING_ALGORITHM,
    extensions,
  });
  return { serial, notAfter: cert.notAfter, certPem: certificatePem(cert), keyPem: await privateKeyPem(keys.privateKey) };
}

/** RFC 5280 §5.3.1 reasons a user can pick; none at all is the default (`unspecified` SHOULD NOT be sent). */
export const REVOCATION_REASONS = ['keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export interface RevokedEntry {
  serial: string;
  revokedAt: Date;
  reason?: RevocationReason;
}

export interface CreateCrlOptions {
  /** RFC 5280 §5.2.3: monotonically increasing per CRL the CA issues. */
  number: number;
  revoked: RevokedEntry[];
  now: Date;
  validDays: number;
}

/** A v2 CRL with AKI and CRL Number, as PEM (`BEGIN X509 CRL`). */
export async function createCrl(ca: CaMaterial, options: CreateCrlOptions): Promise<{ pem: string; nextUpdate: Date }> {
  const nextUpdate = new Date(options.now.getTime() + options.validDays * DAY_MS);
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.cert.subjectName,
    thisUpdate: options.now,
    nextUpdate,
    signingKey: ca.signingKey,
    signingAlgorithm: RSA_SIGNING_ALGORITHM,
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
      new x509.Extension(id_ce_cRLNumber, false, AsnConvert.serialize(new CRLNumber(options.number))),
    ],
    entries: options.revoked.map((entry) => ({
      serialNumber: entry.serial,
      revocationDate: entry.revokedAt,
      ...(entry.reason ? { reason: x509.X509CrlReason[entry.reason] } : {}),
    })),
  });
  return { pem: crlPem(crl), nextUpdate };
}
