import type { AddSsoAccountRequest, SsoAccountInfo } from '../../../shared/api.js';
import { PortholeError } from '../../errors.js';
import type { PortalApiFactory } from './portal-api.js';
import type { SsoAccounts, SsoAccountEntry } from './sso-accounts.js';
import type { SsoDirectory, SsoDirectoryEntry } from './sso-directory.js';
import { accessTokenFor, notSso } from './token-source.js';

// Every account a sign-in reaches, not only the ones in ~/.aws/config: what it grants (ListAccounts, then
// ListAccountRoles per account, a few at a time), and adding an account/role pair as a source of targets.

const ROLE_CALLS_AT_ONCE = 8;

export interface SsoAccountServiceDeps {
  env: NodeJS.ProcessEnv;
  directory: SsoDirectory;
  accounts: SsoAccounts;
  portal: PortalApiFactory;
  /** After a source is added or removed (the plugin's config file is rewritten). */
  onChange?: () => Promise<unknown>;
}

export class SsoAccountService {
  constructor(private readonly deps: SsoAccountServiceDeps) {}

  /** The accounts and roles the profile's sign-in grants. */
  async list(profile: string): Promise<SsoAccountInfo[]> {
    const { entry, token } = await this.signedIn(profile);
    const portal = this.deps.portal(entry.ref!.login.region);
    const accounts = await portal.accounts(token);
    const out: SsoAccountInfo[] = [];
    for (let index = 0; index < accounts.length; index += ROLE_CALLS_AT_ONCE) {
      const batch = accounts.slice(index, index + ROLE_CALLS_AT_ONCE);
      const roles = await Promise.all(batch.map((account) => portal.roles(token, account.accountId)));
      batch.forEach((account, offset) => out.push({ ...account, roles: roles[offset] ?? [] }));
    }
    return out;
  }

  /** Adds an account/role pair the profile's sign-in grants (checked with the portal); answers its name. */
  async add(request: AddSsoAccountRequest): Promise<SsoAccountEntry> {
    const { entry, token } = await this.signedIn(request.profile);
    const ref = entry.ref!;
    const portal = this.deps.portal(ref.login.region);
    const roles = await portal.roles(token, request.accountId);
    if (!roles.includes(request.roleName)) {
      throw new PortholeError(
        'SSO_ROLE_NOT_ASSIGNED',
        `The sign-in of "${request.profile}" has no role ${request.roleName} in account ${request.accountId}.`,
        {
          hint: `Roles there: ${roles.join(', ') || 'none'}.`,
          status: 403,
          field: 'roleName',
        },
      );
    }
    const accountName = (await portal.accounts(token)).find((account) => account.accountId === request.accountId)?.accountName;
    const directory = await this.deps.directory();
    const region = request.region ?? entry.region;
    const { login } = ref;
    const saved = await this.deps.accounts.add(
      {
        name: request.name ?? defaultName(accountName ?? request.accountId, request.roleName),
        accountId: request.accountId,
        ...(accountName ? { accountName: accountName.slice(0, 128) } : {}),
        roleName: request.roleName,
        ...(region ? { region } : {}),
        sourceProfile: request.profile,
        login: {
          startUrl: login.startUrl,
          region: login.region,
          ...(login.sessionName ? { sessionName: login.sessionName } : {}),
          ...(login.scopes ? { scopes: login.scopes } : {}),
        },
      },
      new Set(directory.keys()),
    );
    await this.deps.onChange?.();
    return saved;
  }

  async remove(name: string): Promise<void> {
    await this.deps.accounts.remove(name);
    await this.deps.onChange?.();
  }

  private async signedIn(profile: string): Promise<{ entry: SsoDirectoryEntry; token: string }> {
    const entry = (await this.deps.directory()).get(profile);
    if (!entry) throw new PortholeError('PROFILE_NOT_FOUND', `There is no AWS profile named "${profile}".`, { status: 404 });
    if (!entry.ref) throw notSso(profile);
    return { entry, token: await accessTokenFor(this.deps.env, profile, entry) };
  }
}

/** `<account name>-<role>`, cut to the characters and length a source name may have. */
export function defaultName(account: string, role: string): string {
  const name = `${account}-${role}`.replace(/[^A-Za-z0-9._@+-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return (name || 'account').slice(0, 64);
}
