import { ChevronDown, ChevronRight } from 'lucide-react';
import type { Profile } from '../../../../../shared/api';
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
import { useSignIn, useSignIns } from '../api/sign-in';
import { credentialView, needsAttention, type CredentialEvidence } from '../lib/credential-view';
import { regionsOf } from '../lib/regions';
import { expiryWarning, loginNeedsUser } from '../lib/sign-in';
import { Hidden } from '../../../components/hidden';
import type { AddedSource } from './accounts-picker';
import { profileHeadingId, ProfileItem } from './profile-item';
import { RemovedSourceNote } from './removed-source';
import { useSourceRemoval, type RemovedSource } from './use-source-removal';

interface Props {
  /** What the profile's region fetches say about its credentials. */
  evidence: (profile: string) => CredentialEvidence;
  /** The line for one region (its fetch progress), from the inventory. */
  regionStatus: (profile: string, region: string) => ReactNode;
}

type Slot = { kind: 'profile'; profile: Profile } | { kind: 'removed'; removed: RemovedSource };

/** Profiles in order, with each removed source's note where it was listed. */
function slots(list: Profile[], removed: RemovedSource[]): Slot[] {
  const out: Slot[] = list.map((profile) => ({ kind: 'profile', profile }));
  for (const r of [...removed].sort((a, b) => a.index - b.index))
    out.splice(Math.min(r.index, out.length), 0, { kind: 'removed', removed: r });
  return out;
}

/** The sources each SSO profile's sign-in was added as. */
function sourcesBy(list: Profile[]): Map<string, AddedSource[]> {
  const out = new Map<string, AddedSource[]>();
  for (const p of list) {
    if (!p.ssoAccount) continue;
    const { sourceProfile, accountId, roleName } = p.ssoAccount;
    out.set(sourceProfile, [...(out.get(sourceProfile) ?? []), { name: p.name, accountId, roleName }]);
  }
  return out;
}

/**
 * The AWS profiles, their credentials, sign-ins and regions. On a phone the list is folded under its heading (tunnels come
 * first there), with a summary of what needs attention; a request to show a profile unfolds it.
 */
export function ProfilesPanel({ evidence, regionStatus }: Props) {
  const profiles = useProfiles();
  const check = useCheckProfile();
  const setRegions = useSetRegions();
  const { signIn, dismiss } = useSignIn();
  const signIns = useSignIns();
  const sources = useSourceRemoval(profiles.data);
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

  const list = profiles.data ?? [];
  const views = new Map(list.map((p) => [p.name, credentialView(p.check, evidence(p.name))]));
  const attention = list.filter(
    (p) => needsAttention(views.get(p.name)!) || loginNeedsUser(p.login) || expiryWarning(p, now) !== undefined,
  ).length;
  const added = sourcesBy(list);

  return (
    <section className="panel profiles" data-testid="profiles" aria-labelledby="profiles-title">
      <div className="section-head">
        <h2 id="profiles-title" className="section-title" tabIndex={-1}>
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
          {slots(list, sources.removed).map((slot) => {
            if (slot.kind === 'removed') {
              const name = slot.removed.profile.name;
              return (
                <RemovedSourceNote
                  key={`removed-${name}`}
                  removed={slot.removed}
                  onUndo={() => sources.undo(name)}
                  onDismiss={() => {
                    sources.dismiss(name);
                    focusSoon(() => document.getElementById('profiles-title'));
                  }}
                />
              );
            }
            const p = slot.profile;
            return (
              <ProfileItem
                key={p.name}
                profile={p}
                regions={regionsOf(p)}
                view={views.get(p.name)!}
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
                signIn={signIns[p.name]}
                onSignIn={(flow) => void signIn(p.name, flow)}
                onDismissSignIn={() => dismiss(p.name)}
                sources={added.get(p.name) ?? []}
                removing={sources.removing === p.name}
                removeError={sources.errors[p.name]}
                onRemove={() => sources.removeOne(p.name)}
                onDismissRemoveError={() => sources.dropError(p.name)}
              />
            );
          })}
        </ul>
      </div>
    </section>
  );
}
