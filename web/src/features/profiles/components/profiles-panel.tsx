import { ChevronDown, ChevronRight } from 'lucide-react';
import { useEffect, useState, type ReactNode } from 'react';
import { Command } from '../../../components/command';
import { EmptyState } from '../../../components/empty-state';
import { ErrorNote } from '../../../components/error-note';
import { focusSoon, onReveal } from '../../../lib/reveal';
import { NARROW, useMedia } from '../../../lib/use-media';
import { useNow } from '../../../lib/use-now';
import { useCheckProfile } from '../api/check-profile';
import { useProfiles } from '../api/get-profiles';
import { useSetRegions } from '../api/set-regions';
import { credentialView, needsAttention, type CredentialEvidence } from '../lib/credential-view';
import { regionsOf } from '../lib/regions';
import { profileHeadingId, ProfileItem } from './profile-item';
import { Hidden } from '../../../components/hidden';

interface Props {
  /** What the profile's region fetches say about its credentials. */
  evidence: (profile: string) => CredentialEvidence;
  /** The line for one region (its fetch progress), from the inventory. */
  regionStatus: (profile: string, region: string) => ReactNode;
}

/**
 * The AWS profiles, their credentials and regions. On a phone the list is folded under its heading (tunnels come
 * first there), with a summary of what needs attention; a request to show a profile unfolds it.
 */
export function ProfilesPanel({ evidence, regionStatus }: Props) {
  const profiles = useProfiles();
  const check = useCheckProfile();
  const setRegions = useSetRegions();
  const now = useNow(30_000);
  const narrow = useMedia(NARROW);
  const [open, setOpen] = useState(false);
  const [regionErrors, setRegionErrors] = useState<Record<string, Error>>({});
  const expanded = !narrow || open;

  useEffect(
    () =>
      onReveal((request) => {
        if (request.kind !== 'profile') return;
        setOpen(true);
        focusSoon(() => document.getElementById(profileHeadingId(request.name)));
      }),
    [],
  );

  const views = (profiles.data ?? []).map((p) => ({ profile: p, view: credentialView(p.check, evidence(p.name)) }));
  const attention = views.filter((v) => needsAttention(v.view)).length;

  return (
    <section className="panel profiles" data-testid="profiles" aria-labelledby="profiles-title">
      <div className="section-head">
        <h2 id="profiles-title" className="section-title">
          AWS profiles {profiles.data ? <span className="muted count">{profiles.data.length}</span> : null}
        </h2>
        {narrow ? (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            aria-expanded={open}
            aria-controls="profiles-body"
            onClick={() => setOpen(!open)}
          >
            {open ? <ChevronDown size={14} aria-hidden /> : <ChevronRight size={14} aria-hidden />}
            {open ? 'Hide' : 'Show'}
            <Hidden>AWS profiles</Hidden>
          </button>
        ) : null}
      </div>
      {narrow && !open && attention > 0 ? (
        <p className="small warn-text">
          {attention} {attention === 1 ? 'profile needs' : 'profiles need'} attention
        </p>
      ) : null}
      <div id="profiles-body" className="profiles-body" hidden={!expanded}>
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
          {views.map(({ profile: p, view }) => (
            <ProfileItem
              key={p.name}
              profile={p}
              regions={regionsOf(p)}
              view={view}
              now={now}
              checking={check.isPending && check.variables === p.name}
              regionsError={regionErrors[p.name]}
              onCheck={() => check.mutate(p.name)}
              // A newly picked region's first GET /api/inventory starts its fetch; no explicit refresh needed.
              onRegions={(regions) => {
                setRegionErrors(({ [p.name]: _dropped, ...rest }) => rest);
                setRegions.mutate({ name: p.name, regions }, { onError: (e) => setRegionErrors((all) => ({ ...all, [p.name]: e })) });
              }}
              regionStatus={regionStatus}
            />
          ))}
        </ul>
      </div>
    </section>
  );
}
