import { ShieldCheck } from 'lucide-react';
import type { InventoryProgress, Profile } from '../../../../../shared/api';
import { sliceKey } from '../../../lib/live-state';
import { CredentialState } from './credential-state';
import { RegionPicker } from './region-picker';
import { SliceStatus } from './slice-status';

const KIND_LABEL: Record<Profile['kind'], string> = {
  sso: 'SSO',
  static: 'static keys',
  role: 'assume role',
  process: 'credential process',
  env: 'environment',
  other: 'other',
};

interface Props {
  profile: Profile;
  regions: string[];
  progress: Map<string, InventoryProgress>;
  now: number;
  checking: boolean;
  onCheck: () => void;
  onRegions: (regions: string[]) => void;
  onRefresh: (region: string) => void;
}

export function ProfileItem({ profile, regions, progress, now, checking, onCheck, onRegions, onRefresh }: Props) {
  return (
    <li className="profile" data-testid={`profile-${profile.name}`}>
      <div className="profile-head">
        <h3 className="profile-name truncate" title={profile.name}>
          {profile.name}
        </h3>
        <span className="tag">{KIND_LABEL[profile.kind]}</span>
        <button
          type="button"
          className="btn btn-small"
          onClick={onCheck}
          disabled={checking}
          aria-label={`Check credentials for ${profile.name}`}
        >
          <ShieldCheck size={14} aria-hidden className={checking ? 'pulse' : undefined} />
          {checking ? 'Checking…' : 'Check'}
        </button>
      </div>
      <CredentialState check={profile.check} now={now} />
      <RegionPicker profile={profile.name} regions={regions} onChange={onRegions} />
      {regions.length === 0 ? (
        <p className="muted small">No region yet: add one to see its databases.</p>
      ) : (
        <ul className="slices">
          {regions.map((r) => (
            <SliceStatus
              key={r}
              profile={profile.name}
              region={r}
              progress={progress.get(sliceKey(profile.name, r))}
              now={now}
              onRefresh={() => onRefresh(r)}
            />
          ))}
        </ul>
      )}
    </li>
  );
}
