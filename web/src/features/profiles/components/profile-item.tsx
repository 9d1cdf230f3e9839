import { ShieldCheck } from 'lucide-react';
import { Fragment, type ReactNode } from 'react';
import type { Profile } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { OFFLINE_TITLE, useOnline } from '../../../lib/link';
import type { CredentialView } from '../lib/credential-view';
import { CredentialState } from './credential-state';
import { RegionPicker } from './region-picker';
import { Hidden } from '../../../components/hidden';

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
}

export function profileHeadingId(name: string): string {
  return `profile-heading-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function ProfileItem({ profile, regions, view, now, checking, regionsError, onCheck, onRegions, regionStatus }: Props) {
  const online = useOnline();
  return (
    <li className="profile" data-testid={`profile-${profile.name}`}>
      <div className="profile-head">
        <h3 className="profile-name ident" id={profileHeadingId(profile.name)} tabIndex={-1}>
          {profile.name}
        </h3>
        <span className="tag">{KIND_LABEL[profile.kind]}</span>
        <button
          type="button"
          className="btn btn-small"
          onClick={onCheck}
          disabled={checking || !online}
          title={online ? undefined : OFFLINE_TITLE}
        >
          <ShieldCheck size={14} aria-hidden className={checking ? 'pulse' : undefined} />
          {checking ? 'Checking…' : 'Check'}
          <Hidden>credentials for {profile.name}</Hidden>
        </button>
      </div>
      <CredentialState view={view} now={now} />
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
