import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ApiError, ProfileEvent, SignInFlow, SignInStart } from '../../../../../shared/api';
import { apiPost, seg } from '../../../lib/api';
import { afterEvent, afterStart, type SignInAttempt, type SignIns } from '../lib/sign-in';

/** POST /api/profiles/:name/login: a page to open, a code to show, or a renewal that needed nobody. */
export const startSignIn = (name: string, flow?: SignInFlow) =>
  apiPost<SignInStart>(`/api/profiles/${seg(name)}/login`, flow ? { flow } : {});

/** The sign-ins this page knows of, per profile; written by the buttons and by `profile` events (no API call). */
export const signInsKey = ['sign-ins'] as const;

const setAttempt = (qc: QueryClient, name: string, update: (current: SignInAttempt | undefined) => SignInAttempt | undefined) =>
  qc.setQueryData<SignIns>(signInsKey, (all = {}) => {
    const next = update(all[name]);
    if (next === all[name]) return all;
    const { [name]: _old, ...rest } = all;
    return next ? { ...rest, [name]: next } : rest;
  });

/** For the event stream: a sign-in's progress and outcome land on its profile. */
export function recordProfileEvent(qc: QueryClient, event: ProfileEvent): void {
  setAttempt(qc, event.profile, (current) => afterEvent(current, event, Date.now()));
}

const asApiError = (err: unknown): ApiError =>
  typeof err === 'object' && err !== null && 'message' in err
    ? {
        code: String((err as { code?: unknown }).code ?? 'SIGN_IN_FAILED'),
        message: String((err as Error).message),
        ...((err as ApiError).hint ? { hint: (err as ApiError).hint } : {}),
      }
    : { code: 'SIGN_IN_FAILED', message: String(err) };

/**
 * Starts a sign-in for a profile (from the profile, or from a tunnel that waits for it). The browser flow opens
 * IAM Identity Center's page in a new tab (the profile keeps a link to it in case the browser blocked the tab);
 * the device flow's code is shown on the profile. Progress and the outcome then arrive as `profile` events.
 */
export function useSignIn() {
  const qc = useQueryClient();
  const signIn = useCallback(
    async (name: string, flow?: SignInFlow): Promise<SignInStart | undefined> => {
      setAttempt(qc, name, () => ({ phase: 'starting', ...(flow ? { flow } : {}) }));
      try {
        const start = await startSignIn(name, flow);
        // A new tab without a handle on this page: the identity provider's page cannot reach back into it.
        if (start.flow === 'auth-code') window.open(start.authorizeUrl, '_blank', 'noopener,noreferrer');
        setAttempt(qc, name, (current) => afterStart(current, start, Date.now()));
        return start;
      } catch (err) {
        setAttempt(qc, name, () => ({ phase: 'failed', error: asApiError(err) }));
        return undefined;
      }
    },
    [qc],
  );
  const dismiss = useCallback((name: string) => setAttempt(qc, name, () => undefined), [qc]);
  return { signIn, dismiss };
}

/** Every profile's sign-in attempt (the app reads it to say "Signing in…" on a waiting tunnel). */
export const useSignIns = (): SignIns =>
  useQuery<SignIns>({ queryKey: signInsKey, queryFn: () => ({}), initialData: {}, staleTime: Infinity, gcTime: Infinity }).data;
