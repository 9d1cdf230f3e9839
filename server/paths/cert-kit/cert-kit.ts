// The certificate kit for AWS Client VPN mutual authentication: a CA, server and client certificates
// and the CRL, as PEM files in one folder the user picked (0700; keys and certificates 0600). Replaces
// the openssl/easy-rsa recipe in AWS's guide. The folder holds everything needed to revoke later, so
// it can live on a USB stick; Porthole's config never learns about it.
//
// Files are never written over: a name already issued is refused (pick `alice-2`). The kit's own
// state (kit.json) and the CRL (crl.pem, superseded by design: each has a higher CRL Number) are
// replaced atomically.
import { X509Certificate as NodeX509Certificate, createPrivateKey } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../../config/files.js';
import { writeNewPrivateFile } from '../private-file.js';
import { importSigningKey, keyMatchesCertificate, x509 } from '../x509.js';
import { CertKitError } from './cert-kit-error.js';
import { createCa, createCrl, issueLeaf, type CaMaterial, type LeafKind, type RevocationReason } from './certificates.js';
import {
  CA_CERT_FILE,
  CA_KEY_FILE,
  CRL_FILE,
  KIT_FILE,
  checkCaName,
  leafFiles,
  normalizeName,
  parseKitState,
  serializeKitState,
  type KitCertificate,
  type KitState,
} from './kit-state.js';

export const DEFAULT_CA_NAME = 'Porthole Client VPN CA';
export const DEFAULT_CA_DAYS = 3650;
export const DEFAULT_LEAF_DAYS = 825;
/** How long a CRL stays valid; renewCrl() issues a fresh one before then. */
export const DEFAULT_CRL_DAYS = 180;

export interface CertKitOptions {
  now?: () => Date;
  /** Days a new CRL is valid (nextUpdate). */
  crlDays?: number;
}

export interface CreateKitOptions extends CertKitOptions {
  caName?: string;
  caDays?: number;
}

/** Where an issued certificate landed. */
export interface IssuedFiles {
  kind: LeafKind;
  name: string;
  serial: string;
  notAfter: Date;
  certPath: string;
  keyPath: string;
  caPath: string;
}

export interface CrlFiles {
  number: number;
  path: string;
  nextUpdate: Date;
  revokedSerials: string[];
}

function checkDays(days: number, what: string): number {
  if (!Number.isInteger(days) || days < 1 || days > 36_500) {
    throw new CertKitError('KIT_OPTION_INVALID', `${what} must be a whole number of days between 1 and 36500.`);
  }
  return days;
}

async function folderEntries(dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export class CertKit {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private state: KitState,
    private readonly ca: CaMaterial,
    private readonly now: () => Date,
    private readonly crlDays: number,
  ) {}

  /** Makes a new kit in `dir`, which must not exist yet or be empty; refuses to touch anything else. */
  static async create(dir: string, options: CreateKitOptions = {}): Promise<CertKit> {
    const now = options.now ?? (() => new Date());
    const caName = checkCaName(options.caName ?? DEFAULT_CA_NAME);
    const caDays = checkDays(options.caDays ?? DEFAULT_CA_DAYS, 'The CA validity');
    const crlDays = checkDays(options.crlDays ?? DEFAULT_CRL_DAYS, 'The CRL validity');
    const entries = await folderEntries(dir);
    if (entries?.includes(KIT_FILE)) {
      throw new CertKitError('KIT_EXISTS', 'This folder already holds a certificate kit.', {
        hint: 'Open it instead of creating a new one.',
      });
    }
    if (entries && entries.length > 0) {
      throw new CertKitError('KIT_FOLDER_NOT_EMPTY', 'The folder for a new kit must be empty.', {
        hint: 'Pick a new or empty folder: the kit makes it private to you (mode 0700).',
      });
    }
    await ensurePrivateDir(dir);
    const at = now();
    const ca = await createCa({ commonName: caName, validDays: caDays, now: at });
    await writeNewPrivateFile(join(dir, CA_KEY_FILE), ca.keyPem);
    await writeNewPrivateFile(join(dir, CA_CERT_FILE), ca.certPem);
    const state: KitState = {
      format: 'porthole-cert-kit',
      version: 1,
      revision: 1,
      createdAt: at.toISOString(),
      ca: { commonName: caName, serial: ca.serial, notAfter: ca.notAfter.toISOString() },
      certificates: [],
    };
    // Exclusive create: of two racing creators, only one gets a kit.
    await writeNewPrivateFile(join(dir, KIT_FILE), serializeKitState(state));
    return new CertKit(dir, state, ca, now, crlDays);
  }

  /** Opens an existing kit: reads kit.json and the CA, and checks that the CA key matches the CA certificate. */
  static async open(dir: string, options: CertKitOptions = {}): Promise<CertKit> {
    const crlDays = checkDays(options.crlDays ?? DEFAULT_CRL_DAYS, 'The CRL validity');
    const state = parseKitState(await readKitFile(dir, KIT_FILE));
    const certPem = await readKitFile(dir, CA_CERT_FILE);
    const keyPem = await readKitFile(dir, CA_KEY_FILE);
    let ca: CaMaterial;
    try {
      const key = createPrivateKey(keyPem);
      if (!keyMatchesCertificate(new NodeX509Certificate(certPem), key)) {
        throw new CertKitError('KIT_INVALID', `${CA_KEY_FILE} is not the key of ${CA_CERT_FILE}.`);
      }
      ca = { cert: new x509.X509Certificate(certPem), signingKey: await importSigningKey(key) };
    } catch (error) {
      if (error instanceof CertKitError) throw error;
      throw new CertKitError('KIT_INVALID', `${CA_CERT_FILE} or ${CA_KEY_FILE} is not a readable RSA certificate and key.`, {
        cause: error,
      });
    }
    return new CertKit(dir, state, ca, options.now ?? (() => new Date()), crlDays);
  }

  get caPath(): string {
    return join(this.dir, CA_CERT_FILE);
  }

  get crlPath(): string {
    return join(this.dir, CRL_FILE);
  }

  /** Every certificate the kit issued, oldest first, with revocation marks. */
  certificates(): KitCertificate[] {
    return this.state.certificates.map((entry) => ({ ...entry }));
  }

  /** The CA and the last CRL written, as kit.json records them. */
  summary(): { ca: KitState['ca']; crl?: NonNullable<KitState['crl']> } {
    return { ca: { ...this.state.ca }, ...(this.state.crl ? { crl: { ...this.state.crl } } : {}) };
  }

  /** The CRL Number of the last CRL written, or undefined before the first revocation. */
  get crlNumber(): number | undefined {
    return this.state.crl?.number;
  }

  /** A server certificate for the Client VPN endpoint: CN and SAN DNS = `name`, EKU serverAuth. */
  issueServer(name: string, options: { validDays?: number } = {}): Promise<IssuedFiles> {
    return this.serialized(() => this.issue('server', name, options.validDays));
  }

  /** A client certificate (EKU clientAuth) for one person or laptop. */
  issueClient(name: string, options: { validDays?: number } = {}): Promise<IssuedFiles> {
    return this.serialized(() => this.issue('client', name, options.validDays));
  }

  /** Revokes a client certificate and writes a new CRL with the next CRL Number. */
  revokeClient(name: string, options: { reason?: RevocationReason } = {}): Promise<CrlFiles> {
    return this.serialized(async () => {
      const normalized = normalizeName(name);
      const entry = this.state.certificates.find((cert) => cert.kind === 'client' && cert.name === normalized);
      if (!entry) throw new CertKitError('KIT_NOT_ISSUED', `This kit has no client certificate named ${normalized}.`);
      if (entry.revokedAt) throw new CertKitError('KIT_ALREADY_REVOKED', `${normalized} was revoked on ${entry.revokedAt}.`);
      const revoked: KitCertificate = { ...entry, revokedAt: this.now().toISOString() };
      if (options.reason) revoked.reason = options.reason;
      return this.writeCrl(this.state.certificates.map((cert) => (cert === entry ? revoked : cert)));
    });
  }

  /** Issues the CRL again with a fresh nextUpdate (and the next CRL Number); upload it before the old one lapses. */
  renewCrl(): Promise<CrlFiles> {
    return this.serialized(() => this.writeCrl(this.state.certificates));
  }

  private async issue(kind: LeafKind, rawName: string, validDays = DEFAULT_LEAF_DAYS): Promise<IssuedFiles> {
    const name = normalizeName(rawName);
    checkDays(validDays, 'The certificate validity');
    if (this.state.certificates.some((cert) => cert.kind === kind && cert.name === name)) {
      throw new CertKitError('KIT_NAME_TAKEN', `This kit already issued a ${kind} certificate named ${name}.`, {
        hint: 'Names are never reused, so a revoked certificate stays on record: pick another name.',
      });
    }
    const at = this.now();
    const issued = await issueLeaf(this.ca, { kind, name, validDays, now: at });
    const files = leafFiles(kind, name);
    const keyPath = join(this.dir, files.keyFile);
    const certPath = join(this.dir, files.certFile);
    await writeNewPrivateFile(keyPath, issued.keyPem);
    try {
      await writeNewPrivateFile(certPath, issued.certPem);
    } catch (error) {
      await rm(keyPath, { force: true }); // the key was ours, written a moment ago
      throw error;
    }
    const entry: KitCertificate = {
      kind,
      name,
      serial: issued.serial,
      issuedAt: at.toISOString(),
      notAfter: issued.notAfter.toISOString(),
      ...files,
    };
    await this.save({ ...this.state, certificates: [...this.state.certificates, entry] });
    return { kind, name, serial: issued.serial, notAfter: issued.notAfter, certPath, keyPath, caPath: this.caPath };
  }

  private async writeCrl(certificates: KitCertificate[]): Promise<CrlFiles> {
    const at = this.now();
    const number = (this.state.crl?.number ?? 0) + 1;
    const revoked = certificates.filter((cert) => cert.revokedAt !== undefined);
    const crl = await createCrl(this.ca, {
      number,
      now: at,
      validDays: this.crlDays,
      revoked: revoked.map((cert) => ({
        serial: cert.serial,
        revokedAt: new Date(cert.revokedAt as string),
        ...(cert.reason ? { reason: cert.reason } : {}),
      })),
    });
    // State first: if the CRL write then fails, the next CRL still gets a higher number than any written.
    await this.save({
      ...this.state,
      certificates,
      crl: { number, thisUpdate: at.toISOString(), nextUpdate: crl.nextUpdate.toISOString() },
    });
    await writeFileAtomic(this.crlPath, crl.pem);
    return { number, path: this.crlPath, nextUpdate: crl.nextUpdate, revokedSerials: revoked.map((cert) => cert.serial) };
  }

  /** Throws KIT_CHANGED when kit.json is no longer the revision this handle read. */
  private async checkFresh(): Promise<void> {
    const onDisk = parseKitState(await readKitFile(this.dir, KIT_FILE));
    if (onDisk.revision !== this.state.revision) {
      throw new CertKitError('KIT_CHANGED', 'The kit was changed by someone else since it was opened.', {
        hint: 'Open the kit again and repeat the step.',
      });
    }
  }

  /** Writes kit.json with the next revision, unless someone else changed it meanwhile. */
  private async save(next: KitState): Promise<void> {
    await this.checkFresh();
    const saved = { ...next, revision: this.state.revision + 1 };
    await writeFileAtomic(join(this.dir, KIT_FILE), serializeKitState(saved));
    this.state = saved;
  }

  /**
   * One change at a time per kit, so two revocations cannot share a CRL Number; each starts by checking
   * that no other handle changed the kit, so a stale handle writes no files at all.
   */
  private serialized<T>(step: () => Promise<T>): Promise<T> {
    const checked = async (): Promise<T> => {
      await this.checkFresh();
      return step();
    };
    const run = this.queue.then(checked, checked);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

async function readKitFile(dir: string, file: string): Promise<string> {
  try {
    return await readFile(join(dir, file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CertKitError('KIT_NOT_FOUND', `${file} is missing: this folder is not a complete certificate kit.`, {
        hint: 'Pick the folder the kit was created in.',
      });
    }
    throw error;
  }
}
