import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { ApiError, CreateTunnelRequest, Target, Tunnel, UpdateTunnelRequest } from '../../../shared/api';
import { connectionKey } from '../features/connect/api/get-connection';
import { useCreateTunnel } from '../features/tunnels/api/create-tunnel';
import { useRemoveTunnel, useRunAll, useTunnelAction, type TunnelAction } from '../features/tunnels/api/tunnel-actions';
import { useUpdateTunnel } from '../features/tunnels/api/update-tunnel';
import type { Removed } from '../features/tunnels/components/removed-tunnel';
import type { ActionFailure } from '../features/tunnels/components/tunnel-card';
import { useKeyed } from './use-keyed';

const asApiError = (err: unknown): ApiError =>
  typeof err === 'object' && err !== null && 'message' in err
    ? {
        code: String((err as { code?: unknown }).code ?? 'ERROR'),
        message: String((err as Error).message),
        ...((err as ApiError).hint ? { hint: (err as ApiError).hint } : {}),
      }
    : { code: 'ERROR', message: String(err) };

const ACTION_WORDS: Record<TunnelAction, string> = { start: 'Start', stop: 'Stop', restart: 'Restart', check: 'Check' };

/** The create request that brings a removed tunnel back as it was: same target, jump host, port and modes. */
export function recreateRequest(t: Tunnel): CreateTunnelRequest {
  const target = t.target.id
    ? { id: t.target.id }
    : { host: t.target.host, port: t.target.port, name: t.target.name, ...(t.target.engine ? { engine: t.target.engine } : {}) };
  return {
    profile: t.profile,
    region: t.region,
    target,
    jumpHostId: t.jumpHostId,
    localPort: t.localPort,
    lazy: t.lazy,
    autoStart: t.autoStart,
    ...(t.idleMinutes !== undefined ? { idleMinutes: t.idleMinutes } : {}),
  };
}

/**
 * The tunnel commands the page offers. No toasts: each failure is kept on the thing that failed (a row, a card,
 * a form) until it is dismissed or the action succeeds; a removal leaves an Undo where the card was.
 */
export function useTunnelCommands(tunnels: Tunnel[] | undefined) {
  const qc = useQueryClient();
  const create = useCreateTunnel();
  const action = useTunnelAction();
  const remove = useRemoveTunnel();
  const update = useUpdateTunnel();
  const all = useRunAll();
  const connecting = useKeyed<true>();
  const connectErrors = useKeyed<ApiError>();
  const busy = useKeyed<true>();
  const failures = useKeyed<ActionFailure>();
  const saving = useKeyed<true>();
  const [removed, setRemoved] = useState<Removed[]>([]);
  const [focus, setFocus] = useState<{ tunnel?: string; removed?: string }>({});
  const [custom, setCustom] = useState<{ busy: boolean; error?: ApiError }>({ busy: false });
  const list = useRef(tunnels);
  list.current = tunnels;

  const connect = useCallback(
    (t: Target, jumpHostId?: string) => {
      connecting.set(t.id, true);
      connectErrors.drop(t.id);
      create.mutate(
        { profile: t.profile, region: t.region, target: { id: t.id }, ...(jumpHostId ? { jumpHostId } : {}) },
        { onError: (e) => connectErrors.set(t.id, asApiError(e)), onSettled: () => connecting.drop(t.id) },
      );
    },
    [create.mutate, connecting.set, connecting.drop, connectErrors.set, connectErrors.drop],
  );

  const updateOne = useCallback(
    async (id: string, patch: UpdateTunnelRequest) => {
      saving.set(id, true);
      try {
        const saved = await update.mutateAsync({ id, patch });
        // The answer lands in the cache before the event does, so the event cannot tell the strings changed.
        await qc.invalidateQueries({ queryKey: connectionKey(id) });
        return saved;
      } finally {
        saving.drop(id);
      }
    },
    [qc, update.mutateAsync, saving.set, saving.drop],
  );

  /** A jump host picked for a database: moves its tunnel there, or opens one through it. */
  const chooseHost = useCallback(
    (t: Target, hostId: string) => {
      const existing = list.current?.find((x) => x.target.id === t.id);
      if (!existing) return connect(t, hostId);
      connecting.set(t.id, true);
      connectErrors.drop(t.id);
      updateOne(existing.id, { jumpHostId: hostId })
        .catch((e: unknown) => connectErrors.set(t.id, asApiError(e)))
        .finally(() => connecting.drop(t.id));
    },
    [connect, updateOne, connecting.set, connecting.drop, connectErrors.set, connectErrors.drop],
  );

  const createCustom = useCallback(
    (req: CreateTunnelRequest) => {
      setCustom({ busy: true });
      create.mutate(req, { onSuccess: () => setCustom({ busy: false }), onError: (e) => setCustom({ busy: false, error: asApiError(e) }) });
    },
    [create.mutate],
  );

  const run = useCallback(
    (id: string, a: TunnelAction) => {
      busy.set(id, true);
      failures.drop(id);
      action.mutate(
        { id, action: a },
        { onError: (e) => failures.set(id, { what: ACTION_WORDS[a], error: asApiError(e) }), onSettled: () => busy.drop(id) },
      );
    },
    [action.mutate, busy.set, busy.drop, failures.set, failures.drop],
  );

  const removeOne = useCallback(
    (id: string) => {
      const current = list.current ?? [];
      const index = current.findIndex((t) => t.id === id);
      const tunnel = current[index];
      if (!tunnel) return;
      busy.set(id, true);
      failures.drop(id);
      remove.mutate(id, {
        onSuccess: () => {
          setRemoved((r) => [...r.filter((x) => x.tunnel.id !== id), { tunnel, index }]);
          setFocus({ removed: id });
        },
        onError: (e) => failures.set(id, { what: 'Remove', error: asApiError(e) }),
        onSettled: () => busy.drop(id),
      });
    },
    [remove.mutate, busy.set, busy.drop, failures.set, failures.drop],
  );

  const patchRemoved = (id: string, patch: Partial<Removed>) =>
    setRemoved((r) => r.map((x) => (x.tunnel.id === id ? { ...x, ...patch } : x)));

  const undo = useCallback(
    async (id: string) => {
      const entry = removed.find((x) => x.tunnel.id === id);
      if (!entry) return;
      patchRemoved(id, { restoring: true, error: undefined });
      try {
        const back = await create.mutateAsync(recreateRequest(entry.tunnel));
        const { user, database, state } = entry.tunnel;
        if (user || database) await updateOne(back.id, { ...(user ? { user } : {}), ...(database ? { database } : {}) });
        // Back as it was: a tunnel removed while stopped comes back stopped.
        if (state === 'stopped' || state === 'failed') await action.mutateAsync({ id: back.id, action: 'stop' });
        setRemoved((r) => r.filter((x) => x.tunnel.id !== id));
        setFocus({ tunnel: back.id });
      } catch (e) {
        patchRemoved(id, { restoring: false, error: asApiError(e) });
      }
    },
    [removed, create.mutateAsync, action.mutateAsync, updateOne],
  );

  const dismissRemoved = useCallback((id: string) => setRemoved((r) => r.filter((x) => x.tunnel.id !== id)), []);

  const [allError, setAllError] = useState<ApiError>();
  const runAll = useCallback(
    (a: 'start-all' | 'stop-all') => {
      setAllError(undefined);
      all.mutate(a, { onError: (e) => setAllError(asApiError(e)) });
    },
    [all.mutate],
  );

  return {
    connect,
    chooseHost,
    isConnecting: connecting.map,
    connectErrors: connectErrors.map,
    dismissConnectError: connectErrors.drop,
    createCustom,
    custom,
    run,
    removeOne,
    undo,
    dismissRemoved,
    removed,
    focus,
    update: updateOne,
    savingIds: saving.map,
    busyIds: busy.map,
    failures: failures.map,
    dismissFailure: failures.drop,
    runAll,
    allBusy: all.isPending,
    allError,
  };
}
