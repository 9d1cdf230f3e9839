import type { ConnectionInfo, PasswordResponse, Tunnel } from '../../shared/api.js';
import { buildConnectionStrings } from '../../shared/connect/connection-strings.js';
import { engineInfo, type EngineFamily } from '../../shared/engines.js';
import { CREDENTIALS_STATUS, mapAwsError } from '../aws/errors.js';
import { PortholeError } from '../errors.js';
import { createIamToken, IAM_TOKEN_TTL_MS, type AwsCredentials, type AwsCredentialsProvider } from '../aws/rds-iam-token.js';
import { readSecretCredentials, secretRegion, type SecretsClient } from '../aws/secrets.js';

export interface ConnectServiceDeps {
  tunnels: { get(id: string): Tunnel | undefined };
  aws: {
    credentials(profile: string): AwsCredentialsProvider;
    secrets(profile: string, region: string): SecretsClient;
  };
  /** Read on every call: the bundle path may change with the settings. */
  trust: { bundlePath: string };
  now?: () => Date;
}

export type PasswordKind = PasswordResponse['kind'];

export interface ClientEndpoint {
  tunnel: Tunnel;
  family: EngineFamily;
  /** The RDS engine name, or the family when the target has none. */
  engine: string;
  user: string;
  database: string;
  caBundlePath: string;
  iamAuth: boolean;
}

export interface PasswordRequest {
  kind?: PasswordKind;
  /** IAM tokens are per database user (default: the master user). */
  user?: string;
}

/**
 * Connection strings for a tunnel, and the passwords behind them: IAM tokens signed for the RDS
 * endpoint, or the RDS-managed master secret fetched on request. Tokens and passwords are returned
 * to the caller only: never logged, stored, or published on the event bus.
 */
export class ConnectService {
  private readonly now: () => Date;

  constructor(private readonly deps: ConnectServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  connection(id: string, options: { user?: string; database?: string } = {}): ConnectionInfo {
    const { tunnel, family, engine, user, database, caBundlePath, iamAuth } = this.endpoint(id, options);
    const { target } = tunnel;
    return {
      tunnelId: tunnel.id,
      engine,
      user,
      database,
      caBundlePath,
      iamAuth,
      hasSecret: Boolean(target.masterSecretArn),
      strings: buildConnectionStrings({
        engine: target.engine ?? (engineInfo(target.engine, target.port).hasClients ? family : undefined),
        rdsHost: target.host,
        rdsPort: target.port,
        localPort: tunnel.localPort,
        user,
        database,
        caBundlePath,
        name: tunnel.name,
        id: tunnel.id,
        iamAuth,
        region: tunnel.region,
        profile: tunnel.profile,
      }),
    };
  }

  /** What a client of this tunnel logs in with: the user and database (given, else the defaults) and the CA bundle. */
  endpoint(id: string, options: { user?: string; database?: string } = {}): ClientEndpoint {
    const tunnel = this.tunnel(id);
    const { target } = tunnel;
    const engine = engineInfo(target.engine, target.port);
    return {
      tunnel,
      family: engine.family,
      engine: target.engine ?? engine.family,
      // An empty field means "the default": the tunnel's saved choice, else the target's, else the engine's.
      user: options.user || tunnel.user || target.masterUsername || engine.defaultUser,
      database: options.database || tunnel.database || target.dbName || engine.defaultDatabase,
      caBundlePath: this.deps.trust.bundlePath,
      iamAuth: target.iamAuth === true,
    };
  }

  async password(id: string, request: PasswordRequest = {}): Promise<PasswordResponse> {
    const tunnel = this.tunnel(id);
    // The user saved on the tunnel is the one its connection strings name, so its password is the one wanted.
    const user = request.user || tunnel.user;
    const kind = request.kind ?? this.defaultKind(tunnel, user);
    if (kind === 'iam-token') return this.iamToken(tunnel, user);
    return this.secret(tunnel);
  }

  private tunnel(id: string): Tunnel {
    const tunnel = this.deps.tunnels.get(id);
    if (!tunnel) {
      throw new PortholeError('TUNNEL_NOT_FOUND', `There is no tunnel "${id}".`, {
        hint: 'Refresh the dashboard: the tunnel may have been deleted.',
        status: 404,
      });
    }
    return tunnel;
  }

  /**
   * The master secret when the request is for the master user (RDS master users rarely have IAM
   * login), else an IAM token when the target allows it.
   */
  private defaultKind(tunnel: Tunnel, user: string | undefined): PasswordKind {
    const { target } = tunnel;
    const forMaster = !user || user === target.masterUsername;
    if (target.masterSecretArn && (forMaster || !target.iamAuth)) return 'secret';
    if (target.iamAuth) return 'iam-token';
    throw new PortholeError('NO_PASSWORD_SOURCE', `Porthole has no password for "${tunnel.name}".`, {
      hint: 'This database has neither IAM authentication nor an RDS-managed master secret: use your own password.',
      status: 400,
    });
  }

  private async iamToken(tunnel: Tunnel, requestedUser: string | undefined): Promise<PasswordResponse> {
    const { target } = tunnel;
    if (!target.iamAuth) {
      throw new PortholeError('IAM_AUTH_DISABLED', `IAM database authentication is not enabled on "${tunnel.name}".`, {
        hint: 'Enable it on the RDS instance or cluster (and refresh the inventory), or use the master secret or your own password.',
        status: 400,
      });
    }
    const username = requestedUser || tunnel.user || target.masterUsername || engineInfo(target.engine, target.port).defaultUser;
    if (!username) {
      throw new PortholeError('USER_REQUIRED', 'An IAM token is issued for one database user: name it.', { status: 400 });
    }
    const issuedAt = this.now();
    const credentials = await this.resolveCredentials(tunnel);
    // A presigned URL cannot outlive the credentials that signed it.
    const expiresMs = Math.min(issuedAt.getTime() + IAM_TOKEN_TTL_MS, credentials.expiration?.getTime() ?? Infinity);
    if (expiresMs <= issuedAt.getTime()) {
      throw new PortholeError('CREDENTIALS_EXPIRED', `The credentials of profile "${tunnel.profile}" have expired.`, {
        hint: `Refresh them (for SSO: aws sso login --profile ${tunnel.profile}) and try again.`,
        status: CREDENTIALS_STATUS,
      });
    }
    const password = await createIamToken({
      credentials,
      hostname: target.host,
      port: target.port,
      region: tunnel.region,
      username,
    }).catch((error: unknown) => {
      throw mapAwsError(error, { profile: tunnel.profile, region: tunnel.region, action: 'rds-db:connect' });
    });
    return { kind: 'iam-token', password, user: username, expiresAt: new Date(expiresMs).toISOString() };
  }

  private async resolveCredentials(tunnel: Tunnel): Promise<AwsCredentials> {
    try {
      return await this.deps.aws.credentials(tunnel.profile)();
    } catch (error) {
      throw mapAwsError(error, { profile: tunnel.profile, region: tunnel.region, action: 'rds-db:connect' });
    }
  }

  private async secret(tunnel: Tunnel): Promise<PasswordResponse> {
    const arn = tunnel.target.masterSecretArn;
    if (!arn) {
      throw new PortholeError('NO_SECRET', `"${tunnel.name}" has no RDS-managed master secret.`, {
        hint: tunnel.target.iamAuth ? 'Ask for an IAM token instead.' : 'Use your own password.',
        status: 400,
      });
    }
    const region = secretRegion(arn) ?? tunnel.region;
    const context = { profile: tunnel.profile, region, name: tunnel.name };
    const secret = await readSecretCredentials(this.deps.aws.secrets(tunnel.profile, region), arn, context);
    const user = secret.username ?? tunnel.target.masterUsername;
    return user ? { kind: 'secret', password: secret.password, user } : { kind: 'secret', password: secret.password };
  }
}
