// The one doorway to @peculiar/x509: it needs a Reflect polyfill loaded first and a WebCrypto
// provider set once (facts-aws-paths.md §B4, gotchas 1 and 4). Everything in paths/ imports x509 from here.
import 'reflect-metadata';
import { createPublicKey, webcrypto, type KeyObject, type X509Certificate as NodeX509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

export { x509 };

// The server's lib has no DOM, so WebCrypto's types come from node:crypto.
export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** RSA-2048 with SHA-256: the only key type AWS Client VPN mutual auth takes (RSA 1024/2048, §B2). */
export const RSA_KEY_ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
} as const;

export const RSA_SIGNING_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

export const subtle = webcrypto.subtle;

/** A certificate as PEM (`-----BEGIN CERTIFICATE-----`). */
export function certificatePem(cert: x509.X509Certificate): string {
  return `${cert.toString('pem')}\n`;
}

/** A CRL as PEM with the label OpenSSL and Node read: the library's own `BEGIN CRL` is refused (gotcha 2). */
export function crlPem(crl: x509.X509Crl): string {
  return `${x509.PemConverter.encode(crl.rawData, 'X509 CRL')}\n`;
}

/** A private key as unencrypted PKCS#8 PEM, which Node TLS, OpenSSL and OpenVPN read directly. */
export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await subtle.exportKey('pkcs8', key);
  return `${x509.PemConverter.encode(der, 'PRIVATE KEY')}\n`;
}

/** Turns a Node private key (any PEM form Node reads) into a WebCrypto RSA signing key; throws for other key types. */
export function importSigningKey(key: KeyObject): Promise<CryptoKey> {
  return subtle.importKey('pkcs8', key.export({ type: 'pkcs8', format: 'der' }), RSA_SIGNING_ALGORITHM, false, ['sign']);
}

/** Whether a private key is the one whose public half a certificate carries (compared as SPKI DER). */
export function keyMatchesCertificate(cert: NodeX509Certificate, key: KeyObject): boolean {
  const fromKey = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const fromCert = cert.publicKey.export({ type: 'spki', format: 'der' });
  return fromKey.equals(fromCert);
}
