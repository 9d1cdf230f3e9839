// The certificate kit behind the HTTP API: a kit per folder the user names (made absolute and real, never a
// system folder), one open handle per folder so its changes run one at a time, and the kit's state with the AWS
// CLI commands that import it into ACM and upload its CRL (Porthole changes nothing in AWS itself).
import { join } from 'node:path';
import type { CertKitChange, CertKitState, KitCertificateInfo } from '../../../shared/paths.js';
import { isPortholeError } from '../../errors.js';
import { resolveUserPath } from '../user-files.js';
import { acmImportCommand, importCrlCommand, type AwsCliContext } from './aws-commands.js';
import { CertKit, type CertKitOptions } from './cert-kit.js';
import { CertKitError } from './cert-kit-error.js';
import { REVOCATION_REASONS, type RevocationReason } from './certificates.js';
import type { KitCertificate } from './kit-state.js';

/** Where the CRL upload command goes when the caller named no endpoint. */
export const ENDPOINT_PLACEHOLDER = 'cvpn-endpoint-REPLACEME';

export interface KitContext extends AwsCliContext {
  endpointId?: string;
}

export interface KitServiceOptions extends CertKitOptions {
  /** Open kits kept at most (least recently used first out). */
  maxOpen?: number;
}

export class CertKitService {
  private readonly open = new Map<string, Promise<CertKit>>();

  constructor(private readonly options: KitServiceOptions = {}) {}

  async create(
    folder: string,
    settings: { caName?: string; caDays?: number; crlDays?: number },
    context: KitContext = {},
  ): Promise<CertKitState> {
    const dir = await this.folder(folder);
    const kit = CertKit.create(dir, { ...this.options, ...settings });
    this.remember(dir, kit);
    return this.state(await kit, context);
  }

  async get(folder: string, context: KitContext = {}): Promise<CertKitState> {
    return this.state(await this.kit(folder), context);
  }

  async issue(
    kind: 'server' | 'client',
    folder: string,
    name: string,
    validDays: number | undefined,
    context: KitContext = {},
  ): Promise<CertKitChange> {
    return this.change(folder, context, async (kit) => {
      const options = validDays === undefined ? {} : { validDays };
      const files = kind === 'server' ? await kit.issueServer(name, options) : await kit.issueClient(name, options);
      const issued = kit.certificates().find((cert) => cert.kind === kind && cert.name === files.name);
      return { ...(issued ? { issued: info(kit, issued) } : {}) };
    });
  }

  async revoke(folder: string, name: string, reason: string | undefined, context: KitContext = {}): Promise<CertKitChange> {
    if (reason !== undefined && !(REVOCATION_REASONS as readonly string[]).includes(reason)) {
      throw new CertKitError('KIT_OPTION_INVALID', `A revocation reason is one of ${REVOCATION_REASONS.join(', ')}.`);
    }
    return this.change(folder, context, async (kit) => {
      const crl = await kit.revokeClient(name, reason ? { reason: reason as RevocationReason } : {});
      return { crl: { ...crl, nextUpdate: crl.nextUpdate.toISOString() } };
    });
  }

  async renewCrl(folder: string, context: KitContext = {}): Promise<CertKitChange> {
    return this.change(folder, context, async (kit) => {
      const crl = await kit.renewCrl();
      return { crl: { ...crl, nextUpdate: crl.nextUpdate.toISOString() } };
    });
  }

  private async change(
    folder: string,
    context: KitContext,
    step: (kit: CertKit) => Promise<Omit<CertKitChange, 'kit'>>,
  ): Promise<CertKitChange> {
    const dir = await this.folder(folder);
    const kit = await this.kit(folder);
    try {
      const done = await step(kit);
      return { kit: this.state(kit, context), ...done };
    } catch (error) {
      // Someone else changed the kit: the next request opens it afresh.
      if (isPortholeError(error) && error.code === 'KIT_CHANGED') this.open.delete(dir);
      throw error;
    }
  }

  private async kit(folder: string): Promise<CertKit> {
    const dir = await this.folder(folder);
    const known = this.open.get(dir);
    if (known) return known;
    const opened = CertKit.open(dir, this.options);
    this.remember(dir, opened);
    return opened;
  }

  private remember(dir: string, kit: Promise<CertKit>): void {
    this.open.delete(dir);
    this.open.set(dir, kit);
    kit.catch(() => this.open.get(dir) === kit && this.open.delete(dir));
    while (this.open.size > (this.options.maxOpen ?? 32)) this.open.delete(this.open.keys().next().value!);
  }

  private folder(folder: string): Promise<string> {
    return resolveUserPath(folder, 'folder', 'KIT_FOLDER_INVALID');
  }

  private state(kit: CertKit, context: KitContext): CertKitState {
    const certificates = kit.certificates();
    const caCert = kit.caPath;
    const summary = kit.summary();
    const crlUpload = summary.crl ? importCrlCommand(context.endpointId ?? ENDPOINT_PLACEHOLDER, kit.crlPath, context) : undefined;
    return {
      folder: kit.dir,
      ca: { ...summary.ca, certPath: caCert },
      certificates: certificates.map((cert) => info(kit, cert)),
      ...(summary.crl ? { crl: { ...summary.crl, path: kit.crlPath } } : {}),
      acmImports: certificates
        .filter((cert) => cert.kind === 'server' && !cert.revokedAt)
        .map((cert) => ({
          name: cert.name,
          command: acmImportCommand(
            { certPath: join(kit.dir, cert.certFile), keyPath: join(kit.dir, cert.keyFile), caPath: caCert },
            context,
          ),
        })),
      ...(crlUpload ? { crlUpload } : {}),
    };
  }
}

function info(kit: CertKit, cert: KitCertificate): KitCertificateInfo {
  return {
    kind: cert.kind,
    name: cert.name,
    serial: cert.serial,
    issuedAt: cert.issuedAt,
    notAfter: cert.notAfter,
    certPath: join(kit.dir, cert.certFile),
    keyPath: join(kit.dir, cert.keyFile),
    ...(cert.revokedAt ? { revokedAt: cert.revokedAt } : {}),
    ...(cert.reason ? { reason: cert.reason } : {}),
  };
}
