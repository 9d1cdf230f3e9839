import { Plus, RefreshCw } from 'lucide-react';
import { useState } from 'react';
import type { ApiError } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { Hidden } from '../../../components/hidden';
import { isCredentialError } from '../../../lib/error-home';
import { useFlash } from '../../../lib/use-flash';
import { useAccounts, useAddSsoAccount } from '../api/sso-accounts';
import { LiveButton } from '../../../components/live-button';

/** An account/role already added as a source of this sign-in. */
export interface AddedSource {
  name: string;
  accountId: string;
  roleName: string;
}

interface Props {
  profile: string;
  /** The region a new source starts with (the profile's own). */
  region?: string;
  added: AddedSource[];
  signedIn: boolean;
}

/**
 * The accounts and roles a signed-in SSO profile reaches (read when opened): each can be added as a source of
 * databases without editing ~/.aws/config; what is already added says so.
 */
export function AccountsPicker({ profile, region, added, signedIn }: Props) {
  const [open, setOpen] = useState(false);
  const accounts = useAccounts(profile, open && signedIn);
  const add = useAddSsoAccount();
  const [error, setError] = useState<ApiError>();
  const [flash, setFlash] = useFlash(8000);
  const busyKey = add.isPending ? `${add.variables.accountId}/${add.variables.roleName}` : undefined;
  const addOne = (accountId: string, roleName: string) => {
    setError(undefined);
    add.mutate(
      { profile, accountId, roleName, ...(region ? { region } : {}) },
      { onSuccess: (p) => setFlash(`Added ${p.name}: it is listed with the profiles`), onError: (e) => setError(e as unknown as ApiError) },
    );
  };
  return (
    <details className="accounts" data-testid={`accounts-${profile}`} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="small">Accounts this sign-in reaches</summary>
      {!signedIn ? <p className="muted small">Sign in first: the list comes from the sign-in.</p> : null}
      {signedIn && accounts.isPending ? <p className="muted small">Listing accounts…</p> : null}
      {accounts.error ? (
        isCredentialError(accounts.error as unknown as ApiError) ? (
          <p className="muted small">The sign-in no longer works: sign in again to list the accounts.</p>
        ) : (
          <ErrorNote error={accounts.error} title="Could not list the accounts" />
        )
      ) : null}
      {accounts.data?.length === 0 ? <p className="muted small">This sign-in grants no account.</p> : null}
      <ul className="account-list">
        {accounts.data?.map((account) => {
          const label = account.accountName ?? account.accountId;
          return (
            <li key={account.accountId} className="account">
              <p className="small">
                <strong className="ident">{label}</strong> <span className="muted mono">{account.accountId}</span>
              </p>
              <ul className="roles">
                {account.roles.map((role) => {
                  const existing = added.find((a) => a.accountId === account.accountId && a.roleName === role);
                  return (
                    <li key={role} className="role">
                      <span className="mono small ident">{role}</span>
                      {existing ? (
                        <span className="tag">added as {existing.name}</span>
                      ) : (
                        <LiveButton className="btn btn-small" disabled={add.isPending} onClick={() => addOne(account.accountId, role)}>
                          <Plus size={14} aria-hidden /> {busyKey === `${account.accountId}/${role}` ? 'Adding…' : 'Add as source'}
                          <Hidden>
                            ({role} in {label})
                          </Hidden>
                        </LiveButton>
                      )}
                    </li>
                  );
                })}
              </ul>
            </li>
          );
        })}
      </ul>
      {accounts.data ? (
        <button type="button" className="btn btn-small btn-ghost" disabled={accounts.isFetching} onClick={() => void accounts.refetch()}>
          <RefreshCw size={14} aria-hidden className={accounts.isFetching ? 'spin' : undefined} /> List again
          <Hidden>the accounts of {profile}</Hidden>
        </button>
      ) : null}
      <span role="status" className="small flash">
        {flash ?? ''}
      </span>
      {error ? <ErrorNote error={error} title="Not added" onDismiss={() => setError(undefined)} /> : null}
    </details>
  );
}
