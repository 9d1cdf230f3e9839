import { Play, Square } from 'lucide-react';
import type { Tunnel } from '../../../../../shared/api';
import { EmptyState } from '../../../components/empty-state';
import { ErrorNote } from '../../../components/error-note';
import type { TunnelAction } from '../api/tunnel-actions';
import { TunnelCard, type DrawerSection } from './tunnel-card';

interface Props {
  tunnels?: Tunnel[];
  error: unknown;
  busyIds: Set<string>;
  allBusy: boolean;
  onAction: (id: string, action: TunnelAction) => void;
  onRemove: (id: string) => void;
  onOpen: (id: string, section: DrawerSection) => void;
  onAll: (action: 'start-all' | 'stop-all') => void;
}

export function TunnelsSection({ tunnels, error, busyIds, allBusy, onAction, onRemove, onOpen, onAll }: Props) {
  const list = tunnels ?? [];
  return (
    <section className="panel tunnels" data-testid="tunnels" aria-labelledby="tunnels-title">
      <div className="section-head">
        <h2 id="tunnels-title" className="section-title">
          Tunnels {list.length ? <span className="muted count">{list.length}</span> : null}
        </h2>
        {list.length ? (
          <div className="actions">
            <button type="button" className="btn btn-small" disabled={allBusy} onClick={() => onAll('start-all')}>
              <Play size={14} aria-hidden /> Start all
            </button>
            <button type="button" className="btn btn-small" disabled={allBusy} onClick={() => onAll('stop-all')}>
              <Square size={14} aria-hidden /> Stop all
            </button>
          </div>
        ) : null}
      </div>
      {error ? <ErrorNote error={error as Error} title="Could not list tunnels" /> : null}
      {tunnels && list.length === 0 ? <EmptyState title="No tunnels yet: pick a database below and click Connect." /> : null}
      <div className="tunnel-grid">
        {list.map((t) => (
          <TunnelCard key={t.id} tunnel={t} busy={busyIds.has(t.id)} onAction={onAction} onRemove={onRemove} onOpen={onOpen} />
        ))}
      </div>
    </section>
  );
}
