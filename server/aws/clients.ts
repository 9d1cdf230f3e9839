import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider, MetadataBearer, MiddlewareStack } from '@smithy/types';
import { ENV_PROFILE } from '../../shared/api.js';
import { memoizeCredentials, sdkProvider } from './credentials.js';
import { isAuthFailure } from './errors.js';
import { FastXmlEc2QueryProtocol, FastXmlQueryProtocol } from './xml-protocols.js';
import { ec2Sdk, iamSdk, rdsSdk, secretsSdk, stsSdk } from './sdk-modules.js';

export interface AwsClientsOptions {
  /** Where AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and AWS_ENDPOINT_URL* are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** SDK attempts per call, retries included (SDK default 3). */
  maxAttempts?: number;
  /** Per-request deadline; the SDK has none by default, so a black-holed region would hang forever. */
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
  /** The AWS config file for a profile that is not in the user's files (Porthole's sso-account sources). */
  configFileFor?: (profile: string) => string | undefined;
  /**
   * Where a profile's credentials come from instead of the SDK's providers: the discovery worker asks the main
   * thread, so credentials are resolved (and SSO, roles and expiry tracked) in one place.
   */
  credentialsFor?: (profile: string) => AwsCredentialIdentityProvider;
  /** AWS rejected a profile's credentials and its clients were dropped (the worker tells the main thread). */
  onAuthFailure?: (profile: string) => void;
}

/** The plain settings a copy of these clients needs in another thread (credentials come separately). */
export interface AwsClientSettings {
  env: Record<string, string>;
  maxAttempts?: number;
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
}

type Service = 'sts' | 'rds' | 'ec2' | 'ssm' | 'secrets' | 'iam';
type AnyClient = STSClient | RDSClient | EC2Client | SSMClient | SecretsManagerClient | IAMClient;

// The SDK's own env names for per-service endpoints (AWS_ENDPOINT_URL_<serviceId>).
const ENDPOINT_ENV: Record<Service, string> = {
  sts: 'AWS_ENDPOINT_URL_STS',
  rds: 'AWS_ENDPOINT_URL_RDS',
  ec2: 'AWS_ENDPOINT_URL_EC2',
  ssm: 'AWS_ENDPOINT_URL_SSM',
  secrets: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  iam: 'AWS_ENDPOINT_URL_IAM',
};

/**
 * Makes and caches SDK clients per (profile, region, service). Credentials come from the SDK's
 * providers, shared by all clients of a profile. When AWS rejects the credentials a client sent
 * (ExpiredToken, unknown keys), the profile's provider and clients are dropped; a provider that
 * fails (SSO token missing or expired) is never cached. Either way the request after
 * `aws sso login` or an edited credentials file works without a restart.
 */
export class AwsClients {
  private readonly env: NodeJS.ProcessEnv;
  private readonly maxAttempts: number | undefined;
  private readonly requestTimeoutMs: number;
  private readonly connectionTimeoutMs: number;
  private readonly providers = new Map<string, AwsCredentialIdentityProvider>();
  /** When the credentials last resolved for each profile expire (null: they do not). */
  private readonly expiries = new Map<string, Date | null>();
  private readonly configFileFor: (profile: string) => string | undefined;
  private readonly options: AwsClientsOptions;
  private readonly clients = new Map<string, ClientEntry>();
  /** Dropped clients that still had requests in flight; each is destroyed when its last one ends. */
  private readonly retiring = new Set<ClientEntry>();

  constructor(options: AwsClientsOptions = {}) {
    this.env = options.env ?? process.env;
    this.maxAttempts = options.maxAttempts;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.connectionTimeoutMs = options.connectionTimeoutMs ?? 5_000;
    this.configFileFor = options.configFileFor ?? (() => undefined);
    this.options = options;
  }

  /** What a copy of these clients in a worker thread is made with (see discovery/discovery-thread.ts). */
  settings(): AwsClientSettings {
    const env = Object.fromEntries(Object.entries(this.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
    return {
      env,
      ...(this.maxAttempts ? { maxAttempts: this.maxAttempts } : {}),
      requestTimeoutMs: this.requestTimeoutMs,
      connectionTimeoutMs: this.connectionTimeoutMs,
    };
  }

  /** Porthole's own AWS config file for a profile (an sso-account source), else undefined. */
  ownConfigFile(profile: string): string | undefined {
    return this.configFileFor(profile);
  }

  sts(profile: string, region: string): STSClient {
    return this.get('sts', profile, region, (config) => new (stsSdk().STSClient)(config));
  }
  // RDS and EC2 answer in XML, thousands of databases' worth in discovery: their clients parse with xml-parse.ts.
  rds(profile: string, region: string): RDSClient {
    return this.get('rds', profile, region, (config) => new (rdsSdk().RDSClient)({ ...config, protocol: FastXmlQueryProtocol }));
  }
  ec2(profile: string, region: string): EC2Client {
    return this.get('ec2', profile, region, (config) => new (ec2Sdk().EC2Client)({ ...config, protocol: FastXmlEc2QueryProtocol }));
  }
  ssm(profile: string, region: string): SSMClient {
    return this.get('ssm', profile, region, (config) => new SSMClient(config));
  }
  secrets(profile: string, region: string): SecretsManagerClient {
    return this.get('secrets', profile, region, (config) => new (secretsSdk().SecretsManagerClient)(config));
  }
  /** IAM is global; the region only picks the partition's endpoint (aws, aws-cn, aws-us-gov). */
  iam(profile: string, region: string): IAMClient {
    return this.get('iam', profile, region, (config) => new (iamSdk().IAMClient)(config));
  }

  /**
   * The profile's shared credential provider (also what @aws-sdk/rds-signer should use). A failed
   * resolution is never kept and the files are re-read each time, so a missing SSO token or
   * profile needs no reset: the next call after `aws sso login` simply succeeds.
   */
  credentials(profile: string): AwsCredentialIdentityProvider {
    let provider = this.providers.get(profile);
    if (!provider) {
      const file = this.configFileFor(profile);
      const source = this.options.credentialsFor?.(profile) ?? sdkProvider(profile, this.env, file ? { ssoConfigFile: file } : {});
      const memoized = memoizeCredentials(source);
      provider = async () => {
        const identity = await memoized();
        if (this.providers.get(profile) === provider) this.expiries.set(profile, identity.expiration ?? null);
        return identity;
      };
      this.providers.set(profile, provider);
    }
    return provider;
  }

  /** When the credentials last resolved for the profile expire: null when they do not, undefined when none were. */
  credentialExpiry(profile: string): Date | null | undefined {
    return this.expiries.get(profile);
  }

  /**
   * Forgets the profile's provider and clients (they hold resolved credentials); the next call
   * builds fresh ones. Done automatically when AWS rejects the credentials a client sent.
   */
  resetProfile(profile: string): void {
    this.providers.delete(profile);
    this.expiries.delete(profile);
    for (const [key, entry] of this.clients) {
      if (entry.profile !== profile) continue;
      this.clients.delete(key);
      if (entry.inFlight === 0) entry.client.destroy();
      else this.retiring.add(entry);
    }
  }

  /**
   * The SSM endpoint URL the client uses, for the plugin's argv 6 (ssm-plugin-contract.md): a
   * configured endpoint wins, else the client's endpoint rules for the region.
   */
  async ssmEndpoint(profile: string, region: string): Promise<string> {
    const configured = this.configuredEndpoint('ssm');
    if (configured) return stripSlash(configured);
    const config = this.ssm(profile, region).config;
    const endpoint = config.endpointProvider({
      Region: region,
      UseFIPS: await config.useFipsEndpoint(),
      UseDualStack: await config.useDualstackEndpoint(),
    });
    return stripSlash(endpoint.url.href);
  }

  close(): void {
    for (const entry of [...this.clients.values(), ...this.retiring]) entry.client.destroy();
    this.clients.clear();
    this.retiring.clear();
    this.providers.clear();
  }

  private get<C extends AnyClient>(service: Service, profile: string, region: string, make: (config: ClientConfig) => C): C {
    const key = `${service}\u0000${profile}\u0000${region}`;
    const existing = this.clients.get(key);
    if (existing) return existing.client as C;
    const endpoint = this.configuredEndpoint(service);
    const client = make({
      region,
      credentials: this.credentials(profile),
      // A source of Porthole's own is in no file the client would read: its provider carries everything.
      ...(profile === ENV_PROFILE || this.configFileFor(profile) ? {} : { profile }),
      ...(this.maxAttempts ? { maxAttempts: this.maxAttempts } : {}),
      ...(endpoint ? { endpoint } : {}),
      requestHandler: {
        requestTimeout: this.requestTimeoutMs,
        connectionTimeout: this.connectionTimeoutMs,
        throwOnRequestTimeout: true,
      },
    });
    // The SDK's logger middleware builds a redacted copy of every response even for its no-op
    // logger (`logger?.info?.(filter(output))`); we never pass a logger, so drop it (CPU-heavy
    // for thousands of databases).
    client.middlewareStack.remove('loggerMiddleware');
    const entry: ClientEntry = { profile, client, inFlight: 0 };
    // Outermost step: sees the final error after the SDK's retries.
    (client.middlewareStack as unknown as MiddlewareStack<object, MetadataBearer>).add(
      (next) => async (args) => {
        entry.inFlight += 1;
        try {
          return await next(args);
        } catch (error) {
          if (isAuthFailure(error) && this.clients.get(key) === entry) {
            this.resetProfile(profile);
            this.options.onAuthFailure?.(profile);
          }
          throw error;
        } finally {
          entry.inFlight -= 1;
          if (entry.inFlight === 0 && this.retiring.delete(entry)) entry.client.destroy();
        }
      },
      { step: 'initialize', name: 'portholeResetOnAuthFailure' },
    );
    this.clients.set(key, entry);
    return client;
  }

  private configuredEndpoint(service: Service): string | undefined {
    if (this.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return undefined;
    return this.env[ENDPOINT_ENV[service]] || this.env.AWS_ENDPOINT_URL || undefined;
  }
}

interface ClientEntry {
  profile: string;
  client: AnyClient;
  inFlight: number;
}

interface ClientConfig {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  profile?: string;
  maxAttempts?: number;
  endpoint?: string;
  requestHandler: { requestTimeout: number; connectionTimeout: number; throwOnRequestTimeout: boolean };
}

function stripSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
