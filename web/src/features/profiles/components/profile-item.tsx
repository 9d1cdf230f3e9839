import { ShieldCheck } from 'lucide-react';
import { Fragment, type ReactNode } from 'react';
import type { ApiError, Profile, SignInFlow } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { Hidden } from '../../../components/hidden';
import { useOnline } from '../../../lib/link';
import { verdictHolds, type CredentialView } from '../lib/credential-view';
import { expiryWarning, type SignInAttempt } from '../lib/sign-in';
import { AccountsPicker, type AddedSource } from './accounts-picker';
import { CredentialState } from './credential-state';
import { CredentialsLine } from './credentials-line';
import { ExpiryNote } from './expiry-note';
import { MfaAdvice } from './mfa-advice';
import { RegionPicker } from './region-picker';
import { SignInPanel } from './sign-in-panel';
import { SsoAccountSource } from './sso-account-source';
import { LiveButton } from '../../../components/live-button';

const KIND_LABEL: Record<Profile['kind'], string> = {
  sso: 'SSO',
  static: 'static keys',
  role: 'assume role',
  process: 'credential process',
  env: 'environment',
  'sso-account': 'SSO account',
  other: 'other',
};

interface Props {
  profile: Profile;
  regions: string[];
  view: CredentialView;
  now: number;
  checking: boolean;
  /** Why saving the regions failed (kept until the next change). */
  regionsError?: Error;
  onCheck: () => void;
  onRegions: (regions: string[]) => void;
  /** The line for one region (its fetch progress), from the inventory. */
  regionStatus: (profile: string, region: string) => ReactNode;
  /** The last sign-in of this profile this page knows of. */
  signIn?: SignInAttempt;
  onSignIn: (flow?: SignInFlow) => void;
  onDismissSignIn: () => void;
  /** The sso-account sources added from this profile's sign-in. */
  sources: AddedSource[];
  removing: boolean;
  /** Why removing this source failed (e.g. tunnels use it). */
  removeError?: ApiError;
  onRemove: () => void;
  onDismissRemoveError: () => void;
}

export function profileHeadingId(name: string): string {
  return `profile-heading-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function ProfileItem(props: Props) {
  const { profile, regions, view, now, checking, regionsError, onCheck, onRegions, regionStatus, signIn } = props;
  const online = useOnline();
  const warning = online ? expiryWarning(profile, now) : undefined;
  const canSignIn = profile.login !== undefined;
  return (
    <li className="profile" data-testid={`profile-${profile.name}`}>
      <div className="profile-head">
        <h3 className="profile-name ident" id={profileHeadingId(profile.name)} tabIndex={-1}>
          {profile.name}
        </h3>
        <span className="tag">{KIND_LABEL[profile.kind]}</span>
        <LiveButton className="btn btn-small" onClick={onCheck} disabled={checking}>
          <ShieldCheck size={14} aria-hidden className={checking ? 'pulse' : undefined} />
          {checking ? 'Checking…' : 'Check'}
          <Hidden>credentials for {profile.name}</Hidden>
        </LiveButton>
      </div>
      {warning ? (
        <ExpiryNote
          name={profile.name}
          warning={warning}
          busy={signIn?.phase === 'starting'}
          {...(canSignIn ? { onSignIn: () => props.onSignIn() } : {})}
        />
      ) : null}
      {profile.login ? (
        <SignInPanel
          name={profile.name}
          login={profile.login}
          attempt={signIn}
          now={now}
          warned={warning?.what === 'login'}
          onSignIn={props.onSignIn}
          onDismiss={props.onDismissSignIn}
        />
      ) : null}
      {verdictHolds(view, profile.login) ? <CredentialState view={view} now={now} /> : null}
      {profile.credentials ? <CredentialsLine credentials={profile.credentials} now={now} /> : null}
      {profile.mfa ? <MfaAdvice mfa={profile.mfa} /> : null}
      {profile.ssoAccount ? (
        <SsoAccountSource name={profile.name} source={profile.ssoAccount} busy={props.removing} onRemove={props.onRemove} />
      ) : null}
      {props.removeError ? <ErrorNote error={props.removeError} title="Not removed" onDismiss={props.onDismissRemoveError} /> : null}
      {profile.kind === 'sso' && profile.login ? (
        <AccountsPicker
          profile={profile.name}
          region={profile.region}
          added={props.sources}
          signedIn={profile.login.state === 'signed-in' || profile.login.state === 'expiring'}
        />
      ) : null}
      <RegionPicker profile={profile.name} regions={regions} onChange={onRegions} />
      {regionsError ? <ErrorNote error={regionsError} title="Regions not saved" /> : null}
      {regions.length === 0 ? (
        <p className="muted small">No region yet: add one to see its databases.</p>
      ) : (
        <ul className="slices">
          {regions.map((r) => (
            <Fragment key={r}>{regionStatus(profile.name, r)}</Fragment>
          ))}
        </ul>
      )}
    </li>
  );
}
