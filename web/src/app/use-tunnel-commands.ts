import { useCallback, useState } from 'react';
import { toast } from 'sonner';
import type { CreateTunnelRequest, Target } from '../../../shared/api';
import { useCreateTunnel } from '../features/tunnels/api/create-tunnel';
import { useRemoveTunnel, useRunAll, useTunnelAction, type TunnelAction } from '../features/tunnels/api/tunnel-actions';
import { showError } from '../lib/show-error';

function useIdSet() {
  const [ids, setIds] = useState<Set<string>>(() => new Set());
  const add = useCallback((id: string) => setIds((s) => new Set(s).add(id)), []);
  const drop = useCallback(
    (id: string) =>
      setIds((s) => {
        const n = new Set(s);
        n.delete(id);
        return n;
      }),
    [],
  );
  return { ids, add, drop };
}

/** The tunnel mutations the page offers, with their busy flags and error toasts (message and hint). */
export function useTunnelCommands() {
  const create = useCreateTunnel();
  const action = useTunnelAction();
  const remove = useRemoveTunnel();
  const all = useRunAll();
  const connecting = useIdSet();
  const busy = useIdSet();

  const connect = useCallback(
    (t: Target) => {
      connecting.add(t.id);
      create.mutate(
        { profile: t.profile, region: t.region, target: { id: t.id } },
        {
          onSuccess: (tunnel) => toast.success(`Tunnel to ${tunnel.name} on localhost:${tunnel.localPort}`),
          onError: (e) => showError(`Connect ${t.name}`, e),
          onSettled: () => connecting.drop(t.id),
        },
      );
    },
    [create.mutate, connecting.add, connecting.drop],
  );

  const [customBusy, setCustomBusy] = useState(false);
  const createCustom = useCallback(
    (req: CreateTunnelRequest) => {
      setCustomBusy(true);
      create.mutate(req, {
        onSuccess: (tunnel) => toast.success(`Tunnel to ${tunnel.name} on localhost:${tunnel.localPort}`),
        onError: (e) => showError('Create tunnel', e),
        onSettled: () => setCustomBusy(false),
      });
    },
    [create.mutate],
  );

  const run = useCallback(
    (id: string, a: TunnelAction) => {
      busy.add(id);
      action.mutate(
        { id, action: a },
        { onError: (e) => showError(`${a[0]?.toUpperCase()}${a.slice(1)} failed`, e), onSettled: () => busy.drop(id) },
      );
    },
    [action.mutate, busy.add, busy.drop],
  );

  const removeOne = useCallback(
    (id: string) => {
      busy.add(id);
      remove.mutate(id, { onError: (e) => showError('Remove failed', e), onSettled: () => busy.drop(id) });
    },
    [remove.mutate, busy.add, busy.drop],
  );

  const runAll = useCallback(
    (a: 'start-all' | 'stop-all') => all.mutate(a, { onError: (e) => showError(a === 'start-all' ? 'Start all' : 'Stop all', e) }),
    [all.mutate],
  );

  return {
    connect,
    isConnecting: connecting.ids,
    createCustom,
    customBusy,
    run,
    removeOne,
    runAll,
    busyIds: busy.ids,
    allBusy: all.isPending,
  };
}
