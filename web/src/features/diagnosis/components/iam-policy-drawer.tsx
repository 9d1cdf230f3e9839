import { useId, useState } from 'react';
import type { AccountPolicies, PolicyDocument } from '../../../../../shared/api';
import { Command } from '../../../components/command';
import { CopyButton } from '../../../components/copy-button';
import { ErrorNote } from '../../../components/error-note';
import { SideDrawer } from '../../../components/side-drawer';
import { useIamPolicy } from '../api/get-iam-policy';

/** A tunnel the policies can be written for. */
export interface PolicyTunnel {
  id: string;
  name: string;
  profile: string;
}

interface Props {
  open: boolean;
  tunnels: PolicyTunnel[];
  onClose: () => void;
}

/**
 * Least-privilege IAM policies for the tunnels picked here: the one for whoever opens them, and the jump hosts'
 * role (managed policy plus what it lacks, or the smallest custom equivalent), each as JSON to copy.
 */
export function IamPolicyDrawer({ open, tunnels, onClose }: Props) {
  return (
    <SideDrawer
      open={open}
      title="IAM policies for your tunnels"
      closeLabel="the IAM policies"
      testId="iam-policy"
      fallbackFocusId="tunnels-title"
      onClose={onClose}
    >
      {open ? <PolicyBody tunnels={tunnels} /> : null}
    </SideDrawer>
  );
}

function PolicyBody({ tunnels }: { tunnels: PolicyTunnel[] }) {
  // Everything picked at first; unticking narrows the policy to the rest.
  const [dropped, setDropped] = useState<string[]>([]);
  const ids = tunnels
    .map((t) => t.id)
    .filter((id) => !dropped.includes(id))
    .sort();
  const policies = useIamPolicy(ids, true);
  const legend = useId();
  return (
    <>
      <section aria-labelledby={legend}>
        <h3 id={legend}>For these tunnels</h3>
        <fieldset className="policy-pick" aria-labelledby={legend}>
          {tunnels.map((t) => (
            <label key={t.id} className="small">
              <input
                type="checkbox"
                checked={!dropped.includes(t.id)}
                onChange={(e) => setDropped((d) => (e.target.checked ? d.filter((x) => x !== t.id) : [...d, t.id]))}
              />{' '}
              {t.name} <span className="muted">({t.profile})</span>
            </label>
          ))}
        </fieldset>
        {ids.length === 0 ? <p className="muted small">Pick at least one tunnel.</p> : null}
        {policies.isFetching && !policies.data ? <p className="muted">Writing the policies…</p> : null}
        {policies.error ? <ErrorNote error={policies.error} title="No policies" /> : null}
      </section>
      {ids.length > 0 ? policies.data?.accounts.map((account) => <AccountSection key={account.accountId} account={account} />) : null}
      {ids.length > 0 && policies.data?.notes.length ? (
        <section aria-labelledby="policy-notes-title">
          <h3 id="policy-notes-title">Notes</h3>
          <ul className="notes small">
            {policies.data.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function AccountSection({ account }: { account: AccountPolicies }) {
  const id = `policy-account-${account.accountId.replace(/[^0-9A-Za-z]/g, '_')}`;
  const role = account.jumpHostRole;
  return (
    <section aria-labelledby={id} data-testid={`policy-${account.accountId}`}>
      <h3 id={id}>
        Account {account.accountId} ({account.profiles.join(', ')})
      </h3>
      <PolicyJson
        label="Your policy: for the user or permission set that opens these tunnels"
        what={`user policy for account ${account.accountId}`}
        doc={account.user}
        testId="user-policy"
      />
      <h4>The jump hosts' role</h4>
      <p className="small">Attach {role.managedPolicyArns.length === 1 ? 'this managed policy' : 'these managed policies'}:</p>
      {role.managedPolicyArns.map((arn) => (
        <p key={arn}>
          <Command value={arn} what="policy ARN" />
        </p>
      ))}
      {role.inline ? (
        <PolicyJson
          label="…plus this inline policy"
          what={`inline jump host policy for account ${account.accountId}`}
          doc={role.inline}
          testId="role-inline-policy"
        />
      ) : null}
      <details className="help">
        <summary>Without AWS-managed policies: the smallest equivalent</summary>
        <PolicyJson
          label="Instead of the managed policy"
          what={`minimal jump host policy for account ${account.accountId}`}
          doc={role.minimalAlternative}
          testId="role-minimal-policy"
        />
      </details>
    </section>
  );
}

function PolicyJson({ label, what, doc, testId }: { label: string; what: string; doc: PolicyDocument; testId: string }) {
  const json = JSON.stringify(doc, null, 2);
  return (
    <div className="conn" data-testid={testId}>
      <div className="conn-head">
        <span className="conn-label">{label}</span>
        <CopyButton text={json} what={what} />
      </div>
      <pre className="conn-value policy-json" tabIndex={0} aria-label={label}>
        <code>{json}</code>
      </pre>
    </div>
  );
}
