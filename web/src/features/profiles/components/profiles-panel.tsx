import { useMemo } from 'react';
import { toast } from 'sonner';
import { Command } from '../../../components/command';
import { EmptyState } from '../../../components/empty-state';
import { ErrorNote } from '../../../components/error-note';
import { sliceKey } from '../../../lib/live-state';
import { useNow } from '../../../lib/use-now';
import { useInventoryProgress } from '../../inventory/api/inventory-progress';
import { useRefreshInventory } from '../../inventory/api/refresh-inventory';
import { useCheckProfile } from '../api/check-profile';
import { useProfiles } from '../api/get-profiles';
import { useSetRegions } from '../api/set-regions';
import { regionsOf } from '../lib/regions';
import { ProfileItem } from './profile-item';

function toastError(err: unknown, what: string) {
  const hint = (err as { hint?: string }).hint;
  toast.error(`${what}: ${err instanceof Error ? err.message : String(err)}`, hint ? { description: hint } : {});
}

export function ProfilesPanel() {
  const profiles = useProfiles();
  const progress = useInventoryProgress();
  const check = useCheckProfile();
  const setRegions = useSetRegions();
  const refresh = useRefreshInventory();
  const now = useNow(30_000);
  const byKey = useMemo(() => new Map((progress.data ?? []).map((p) => [sliceKey(p.profile, p.region), p])), [progress.data]);

  const doRefresh = (profile: string, region: string) =>
    refresh.mutate({ profile, region }, { onError: (e) => toastError(e, `Refresh ${profile} ${region}`) });

  return (
    <section className="panel profiles" data-testid="profiles" aria-labelledby="profiles-title">
      <h2 id="profiles-title" className="section-title">
        AWS profiles
      </h2>
      {profiles.isPending ? <p className="muted">Reading AWS profiles…</p> : null}
      {profiles.error ? <ErrorNote error={profiles.error} title="Could not list profiles" /> : null}
      {profiles.data?.length === 0 ? (
        <EmptyState
          title={
            <>
              No AWS profiles found: run <Command value="aws configure sso" />
            </>
          }
        >
          <p>Porthole reads your AWS config files; reload this page after adding a profile.</p>
        </EmptyState>
      ) : null}
      <ul className="profile-list">
        {profiles.data?.map((p) => (
          <ProfileItem
            key={p.name}
            profile={p}
            regions={regionsOf(p)}
            progress={byKey}
            now={now}
            checking={check.isPending && check.variables === p.name}
            onCheck={() => check.mutate(p.name, { onError: (e) => toastError(e, `Check ${p.name}`) })}
            // A newly picked region's first GET /api/inventory starts its fetch; no explicit refresh needed.
            onRegions={(regions) =>
              setRegions.mutate({ name: p.name, regions }, { onError: (e) => toastError(e, `Save regions for ${p.name}`) })
            }
            onRefresh={(r) => doRefresh(p.name, r)}
          />
        ))}
      </ul>
    </section>
  );
}
