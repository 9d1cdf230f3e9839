import { Cable, PanelRight, TriangleExclamationPoint } from 'lucide-react';
import type { TargetRow as Row } from '../lib/targets';

interface Props {
  row: Row;
  tunnelId?: string;
  connecting: boolean;
  selected: boolean;
  onConnect: () => void;
  onShowTunnel: (id: string) => void;
  onSelect: () => void;
}

const KIND: Record<string, string> = {
  'cluster-writer': 'Aurora writer',
  'cluster-reader': 'Aurora reader',
  instance: 'instance',
  custom: 'custom',
};

export function TargetRowView({ row, tunnelId, connecting, selected, onConnect, onShowTunnel, onSelect }: Props) {
  const t = row.target;
  const tags = Object.entries(t.tags);
  return (
    <div className={`target-row${selected ? ' is-selected' : ''}`} role="row" data-testid={`target-${t.id}`}>
      <div role="cell" className="cell-name">
        <span className="target-name truncate" title={t.name}>
          {t.name}
        </span>
        <span className="muted small truncate" title={tags.map(([k, v]) => `${k}=${v}`).join(', ')}>
          {KIND[t.kind] ?? t.kind}
          {t.iamAuth ? ' · IAM auth' : ''}
          {tags.length ? ` · ${tags.map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}
        </span>
      </div>
      <div role="cell" className="cell-engine truncate">
        {t.engine}
        {t.engineVersion ? <span className="muted small"> {t.engineVersion}</span> : null}
      </div>
      <div role="cell" className="cell-endpoint">
        <span className="mono small truncate" title={`${t.host}:${t.port}`}>
          {t.host}:{t.port}
        </span>
        <span className="mono small muted truncate">{t.vpcId ?? 'no VPC'}</span>
      </div>
      <div role="cell" className="cell-status">
        <span className={`db-status ${t.status === 'available' ? 'db-ok' : 'db-other'}`}>{t.status}</span>
      </div>
      <div role="cell" className="cell-jump">
        <button
          type="button"
          className="link-button"
          aria-label={`Jump hosts for ${t.name}`}
          onClick={onSelect}
          title={row.whyNone ?? 'Show every jump host and why it can or cannot reach this database'}
        >
          {row.recommended ? (
            <span className="jump-cell">
              <span className="truncate">{row.recommended.name ?? row.recommended.id}</span>
              <span className="muted small truncate">
                {row.eligibleCount} of {row.hostCount} eligible
              </span>
            </span>
          ) : (
            <span className="why-none truncate">
              <TriangleExclamationPoint size={13} aria-hidden /> {row.whyNone}
            </span>
          )}
        </button>
      </div>
      <div role="cell" className="cell-action">
        {tunnelId ? (
          <button type="button" className="btn btn-small" aria-label={`Show tunnel for ${t.name}`} onClick={() => onShowTunnel(tunnelId)}>
            <PanelRight size={14} aria-hidden /> Tunnel
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-small btn-primary"
            aria-label={`Connect ${t.name}`}
            disabled={connecting}
            onClick={onConnect}
          >
            <Cable size={14} aria-hidden /> {connecting ? 'Connecting…' : 'Connect'}
          </button>
        )}
      </div>
    </div>
  );
}
