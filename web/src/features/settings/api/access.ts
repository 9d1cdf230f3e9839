import { useMutation } from '@tanstack/react-query';
import type { TokenRotation } from '../../../../../shared/api';
import { apiPost } from '../../../lib/api';

export const signOut = () => apiPost<void>('/api/session/sign-out', {});
export const rotateToken = () => apiPost<TokenRotation>('/api/token/rotate', {});

/** Ends this browser's session; the page then shows how to sign in again. */
export const useSignOut = () => useMutation({ mutationFn: signOut, onSuccess: () => window.location.reload() });

/** A new API token: every other browser and every old login link is signed out; this browser stays in. */
export const useRotateToken = () => useMutation({ mutationFn: rotateToken });
