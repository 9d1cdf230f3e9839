import { FileKey, Play, Square } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { ApiError, Tunnel } from '../../../../../shared/api';
import { EmptyState } from '../../../components/empty-state';
import { ErrorNote } from '../../../components/error-note';
import { focusSoon } from '../../../lib/reveal';
import type { TunnelAction } from '../api/tunnel-actions';
import { RemovedTunnel, type Removed } from './removed-tunnel';
import { TunnelCard, type ActionFailure, type DrawerSection } from './tunnel-card';
import { LiveButton } from '../../../components/live-button';

interface Props {
  tunnels?: Tunnel[];
  error: unknown;
  hostName: (t: Tunnel) => string | undefined;
  busyIds: { has(id: string): boolean };
  failures: Map<string, ActionFailure>;
  removed: Removed[];
  /** The tunnel whose card should take focus (e.g. after an undo brought it back). */
  focusId?: string;
  /** The removed tunnel whose Undo should take focus (right after removing it). */
  focusRemovedId?: string;
  allBusy: boolean;
  allError?: ApiError;
  onAction: (id: string, action: TunnelAction) => void;
  onRemove: (id: string) => void;
  onUndo: (id: string) => void;
  onDismissRemoved: (id: string) => void;
  onDismissFailure: (id: string) => void;
  onOpen: (id: string, section: DrawerSection) => void;
  onAll: (action: 'start-all' | 'stop-all') => void;
  /** Whether a profile signs in from the dashboard, and whether a sign-in of it is under way. */
  canSignIn: (profile: string) => boolean;
  signingIn: (profile: string) => boolean;
  onSignIn: (profile: string) => void;
  onDiagnose: (t: Tunnel) => void;
  /** Opens the least-privilege IAM policies for the tunnels. */
  onIamPolicy: () => void;
}

type Slot = { kind: 'tunnel'; tunnel: Tunnel } | { kind: 'removed'; removed: Removed };

/** Cards in order, with each removed tunnel's note where its card was. */
function slots(list: Tunnel[], removed: Removed[]): Slot[] {
  const out: Slot[] = list.map((tunnel) => ({ kind: 'tunnel', tunnel }));
  for (const r of [...removed].sort((a, b) => a.index - b.index))
    out.splice(Math.min(r.index, out.length), 0, { kind: 'removed', removed: r });
  return out;
}

export function TunnelsSection(props: Props) {
  const { tunnels, busyIds, failures, removed } = props;
  const list = tunnels ?? [];
  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!props.focusId) return;
    grid.current?.querySelector<HTMLElement>(`[data-testid="tunnel-${props.focusId}"] [data-tunnel-focus]`)?.focus();
  }, [props.focusId, list.length]);
  return (
    <section className="panel tunnels" data-testid="tunnels" aria-labelledby="tunnels-title">
      <div className="section-head">
        <h2 id="tunnels-title" className="section-title" tabIndex={-1}>
          Tunnels {list.length ? <span className="muted count">{list.length}</span> : null}
        </h2>
        {list.length ? (
          <div className="actions">
            <LiveButton className="btn btn-small" disabled={props.allBusy} onClick={() => props.onAll('start-all')}>
              <Play size={14} aria-hidden /> Start all
            </LiveButton>
            <LiveButton className="btn btn-small" disabled={props.allBusy} onClick={() => props.onAll('stop-all')}>
              <Square size={14} aria-hidden /> Stop all
            </LiveButton>
            <button type="button" className="btn btn-small btn-ghost" onClick={props.onIamPolicy}>
              <FileKey size={14} aria-hidden /> IAM policy
            </button>
          </div>
        ) : null}
      </div>
      {props.allError ? <ErrorNote error={props.allError} title="Not every tunnel changed" /> : null}
      {props.error ? <ErrorNote error={props.error as Error} title="Could not list tunnels" /> : null}
      {tunnels && list.length === 0 && removed.length === 0 ? (
        <EmptyState title="No tunnels yet">
          <p>Pick a database below and choose Open tunnel.</p>
        </EmptyState>
      ) : null}
      <div className="tunnel-grid" ref={grid}>
        {slots(list, removed).map((slot) =>
          slot.kind === 'tunnel' ? (
            <TunnelCard
              key={slot.tunnel.id}
              tunnel={slot.tunnel}
              hostName={props.hostName(slot.tunnel)}
              busy={busyIds.has(slot.tunnel.id)}
              failure={failures.get(slot.tunnel.id)}
              onAction={props.onAction}
              onRemove={props.onRemove}
              onOpen={props.onOpen}
              onDismissFailure={props.onDismissFailure}
              canSignIn={props.canSignIn(slot.tunnel.profile)}
              signingIn={props.signingIn(slot.tunnel.profile)}
              onSignIn={props.onSignIn}
              onDiagnose={props.onDiagnose}
            />
          ) : (
            <RemovedTunnel
              key={`removed-${slot.removed.tunnel.id}`}
              removed={slot.removed}
              focus={props.focusRemovedId === slot.removed.tunnel.id}
              onUndo={props.onUndo}
              onDismiss={(id) => {
                props.onDismissRemoved(id);
                // The note had focus: keep it in the section rather than on the page.
                focusSoon(() => document.getElementById('tunnels-title'));
              }}
            />
          ),
        )}
      </div>
    </section>
  );
}
