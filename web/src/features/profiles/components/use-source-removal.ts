import { useCallback, useState } from 'react';
import type { ApiError, Profile } from '../../../../../shared/api';
import { useSetRegions } from '../api/set-regions';
import { useAddSsoAccount, useRemoveSsoAccount } from '../api/sso-accounts';
import { focusSoon } from '../../../lib/reveal';
import { profileHeadingId } from './profile-item';

/** A removed sso-account source, kept where it was listed so it can be undone. */
export interface RemovedSource {
  profile: Profile;
  index: number;
  restoring?: boolean;
  error?: ApiError;
  /** Undo takes focus once, right after the removal. */
  focus: boolean;
}

const asError = (e: unknown): ApiError => e as ApiError;

/** Removing sso-account sources with an Undo where they were; a refusal (tunnels use it) stays on the profile. */
export function useSourceRemoval(profiles: Profile[] | undefined) {
  const remove = useRemoveSsoAccount();
  const add = useAddSsoAccount();
  const setRegions = useSetRegions();
  const [removed, setRemoved] = useState<RemovedSource[]>([]);
  const [errors, setErrors] = useState<Record<string, ApiError>>({});

  const dropError = useCallback((name: string) => setErrors(({ [name]: _gone, ...rest }) => rest), []);
  const patch = (name: string, change: Partial<RemovedSource>) =>
    setRemoved((list) => list.map((r) => (r.profile.name === name ? { ...r, ...change } : r)));

  const removeOne = (name: string) => {
    const list = profiles ?? [];
    const index = list.findIndex((p) => p.name === name);
    const profile = list[index];
    if (!profile) return;
    dropError(name);
    remove.mutate(name, {
      onSuccess: () =>
        setRemoved((r) => [
          ...r.filter((x) => x.profile.name !== name).map((x) => ({ ...x, focus: false })),
          { profile, index, focus: true },
        ]),
      onError: (e) => setErrors((all) => ({ ...all, [name]: asError(e) })),
    });
  };

  /** Adds it back as it was: same account, role, name and region, then the regions that were picked. */
  const undo = async (name: string) => {
    const entry = removed.find((r) => r.profile.name === name);
    const source = entry?.profile.ssoAccount;
    if (!entry || !source) return;
    patch(name, { restoring: true, error: undefined });
    try {
      const { profile } = entry;
      await add.mutateAsync({
        profile: source.sourceProfile,
        accountId: source.accountId,
        roleName: source.roleName,
        name,
        ...(profile.region ? { region: profile.region } : {}),
      });
      if (profile.regions.length > 0) await setRegions.mutateAsync({ name, regions: profile.regions });
      setRemoved((list) => list.filter((r) => r.profile.name !== name));
      // Back where it was: focus goes to the restored profile, not to the page.
      focusSoon(() => document.getElementById(profileHeadingId(name)));
    } catch (e) {
      patch(name, { restoring: false, error: asError(e) });
    }
  };

  const dismiss = (name: string) => setRemoved((list) => list.filter((r) => r.profile.name !== name));

  return {
    removed,
    removing: remove.isPending ? remove.variables : undefined,
    errors,
    dropError,
    removeOne,
    undo: (name: string) => void undo(name),
    dismiss,
  };
}
