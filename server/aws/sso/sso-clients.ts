import type { SSOClient } from '@aws-sdk/client-sso';
import type { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { ssoOidcSdk, ssoSdk } from '../sdk-modules.js';

// The SDK's IAM Identity Center clients, one per SSO region and service: unsigned (the OIDC calls and the
// portal's bearer-token calls need no credentials), endpoints from the same variables the SDK reads
// (AWS_ENDPOINT_URL_SSO_OIDC / AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL), with deadlines.

export interface SsoClientsOptions {
  env: NodeJS.ProcessEnv;
  maxAttempts?: number;
  requestTimeoutMs?: number;
}

export class SsoClients {
  private readonly oidcClients = new Map<string, SSOOIDCClient>();
  private readonly portalClients = new Map<string, SSOClient>();

  constructor(private readonly options: SsoClientsOptions) {}

  oidc(region: string): SSOOIDCClient {
    let client = this.oidcClients.get(region);
    if (!client) {
      client = new (ssoOidcSdk().SSOOIDCClient)(this.config(region, 'AWS_ENDPOINT_URL_SSO_OIDC'));
      this.oidcClients.set(region, client);
    }
    return client;
  }

  portal(region: string): SSOClient {
    let client = this.portalClients.get(region);
    if (!client) {
      client = new (ssoSdk().SSOClient)(this.config(region, 'AWS_ENDPOINT_URL_SSO'));
      this.portalClients.set(region, client);
    }
    return client;
  }

  /** Where the browser goes for /authorize: the endpoint the OIDC client resolves (docs/sso-facts.md §4). */
  async oidcEndpoint(region: string): Promise<string> {
    const configured = this.endpoint('AWS_ENDPOINT_URL_SSO_OIDC');
    if (configured) return configured.replace(/\/+$/, '');
    const config = this.oidc(region).config;
    const endpoint = config.endpointProvider({
      Region: region,
      UseFIPS: await config.useFipsEndpoint(),
      UseDualStack: await config.useDualstackEndpoint(),
    });
    return endpoint.url.href.replace(/\/+$/, '');
  }

  close(): void {
    for (const client of [...this.oidcClients.values(), ...this.portalClients.values()]) client.destroy();
    this.oidcClients.clear();
    this.portalClients.clear();
  }

  private config(region: string, serviceEnv: string) {
    const endpoint = this.endpoint(serviceEnv);
    return {
      region,
      ...(endpoint ? { endpoint } : {}),
      maxAttempts: this.options.maxAttempts ?? 2,
      requestHandler: { requestTimeout: this.options.requestTimeoutMs ?? 10_000, connectionTimeout: 5_000, throwOnRequestTimeout: true },
    };
  }

  private endpoint(serviceEnv: string): string | undefined {
    const env = this.options.env;
    if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return undefined;
    return env[serviceEnv] || env.AWS_ENDPOINT_URL || undefined;
  }
}
