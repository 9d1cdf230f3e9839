import { Cable, Network, PanelRight, Route, Stethoscope, TriangleExclamationPoint } from 'lucide-react';
import { memo } from 'react';
import type { ApiError } from '../../../../../shared/api';
import type { DirectPathResult } from '../../../../../shared/paths';
import { ErrorNote } from '../../../components/error-note';
import { Ident } from '../../../components/ident';
import { useOnline } from '../../../lib/link';
import type { TargetRow as Row } from '../lib/targets';
import { Hidden } from '../../../components/hidden';
import { DIRECT_WORD } from '../../../lib/direct-status';
import { LiveButton } from '../../../components/live-button';

/** The tunnel a target already has, as the row shows it. */
export interface RowTunnel {
  id: string;
  state: string;
  localPort: number;
  jumpHostId: string;
}

interface Props {
  row: Row;
  tunnel?: RowTunnel;
  connecting: boolean;
  selected: boolean;
  error?: ApiError;
  onConnect: () => void;
  onShowTunnel: (id: string) => void;
  onSelect: () => void;
  /** Shows the jump hosts for this database (never hides them, unlike the jump host cell's toggle). */
  onChoose: () => void;
  /** Opens "Why can't I connect?" for this database. */
  onDiagnose: () => void;
  onDismissError: () => void;
  /** Whether this computer reaches the database without a tunnel (absent until the daemon says). */
  direct?: DirectPathResult;
  /** Opens every way in side by side. */
  onPaths: () => void;
  /** Opens the connection strings with the real host name. */
  onConnectDirectly: () => void;
}

const KIND: Record<string, string> = {
  'cluster-writer': 'Aurora writer',
  'cluster-reader': 'Aurora reader',
  instance: 'instance',
  custom: 'custom',
};

/**
 * One database. Its action says what it does: "Open tunnel" when a jump host can reach it, "Show tunnel" when
 * it has one, "Choose jump host" when only a host in another VPC might; with no way in, the row says why and
 * "Diagnose" is its action (every row has it, as an icon beside the main action). A database this computer reaches
 * without a tunnel (and that passed the TLS check with its real name) gets "Connect directly" instead of "Open
 * tunnel" (the tunnel stays one click away in the Paths drawer). Identifiers wrap rather than being cut off.
 */
export const TargetRowView = memo(function TargetRowView(props: Props) {
  const { row, tunnel, connecting, selected, error, direct } = props;
  const online = useOnline();
  const t = row.target;
  const tags = Object.entries(t.tags).map(([k, v]) => `${k}=${v}`);
  const name = <Hidden>{t.name}</Hidden>;
  return (
    <div className={`target-row${selected ? ' is-selected' : ''}`} role="row" data-testid={`target-${t.id}`}>
      <div role="cell" className="cell-name">
        <Ident className="target-name" text={t.name} />
        <span className="muted small ident">
          {KIND[t.kind] ?? t.kind}
          {t.iamAuth ? ' · IAM auth' : ''}
          {tags.length ? ` · ${tags.join(' ')}` : ''}
        </span>
      </div>
      <div role="cell" className="cell-engine ident">
        {t.engine}
        {t.engineVersion ? <span className="muted small"> {t.engineVersion}</span> : null}
      </div>
      <div role="cell" className="cell-endpoint">
        <Ident className="mono small" text={`${t.host}:${t.port}`} />
        <Ident className="mono small muted" text={t.vpcId ?? 'no VPC'} />
      </div>
      <div role="cell" className="cell-status">
        <span className={`db-status ${t.status === 'available' ? 'db-ok' : 'db-other'}`}>{t.status}</span>
      </div>
      <div role="cell" className="cell-jump">
        <button type="button" className="link-button" onClick={props.onSelect} aria-pressed={selected}>
          {row.recommended ? (
            <span className="jump-cell">
              <span className="ident">{row.recommended.name ?? row.recommended.id}</span>
              <span className="muted small">
                {row.eligibleCount} of {row.hostCount} eligible<Hidden>jump hosts for {t.name}</Hidden>
              </span>
            </span>
          ) : (
            <span className="why-none">
              <TriangleExclamationPoint size={13} aria-hidden /> {row.whyNone}
              <Hidden>(jump hosts for {t.name})</Hidden>
            </span>
          )}
        </button>
      </div>
      <div role="cell" className="cell-action">
        {tunnel ? (
          <>
            <span className="muted small row-tunnel">
              {online ? tunnel.state : 'unknown'} on :{tunnel.localPort}
            </span>
            <button type="button" className="btn btn-small" onClick={() => props.onShowTunnel(tunnel.id)}>
              <PanelRight size={14} aria-hidden /> Show tunnel<Hidden>to {t.name}</Hidden>
            </button>
          </>
        ) : direct?.usable ? (
          <button type="button" className="btn btn-small btn-primary" onClick={props.onConnectDirectly}>
            <Cable size={14} aria-hidden /> Connect directly
            <Hidden>to {t.name}</Hidden>
          </button>
        ) : row.eligibleCount > 0 ? (
          <LiveButton className="btn btn-small btn-primary" disabled={connecting} onClick={props.onConnect}>
            <Cable size={14} aria-hidden /> {connecting ? 'Opening…' : 'Open tunnel'}
            <Hidden>to {t.name}</Hidden>
          </LiveButton>
        ) : row.mayWorkCount > 0 ? (
          <button type="button" className="btn btn-small" onClick={props.onChoose}>
            <Route size={14} aria-hidden /> Choose jump host<Hidden>for {t.name}</Hidden>
          </button>
        ) : null}
        {tunnel || direct?.usable || row.eligibleCount > 0 || row.mayWorkCount > 0 ? (
          <button type="button" className="btn btn-icon btn-ghost" title="Why can't I connect? Check every link" onClick={props.onDiagnose}>
            <Stethoscope size={14} aria-hidden />
            <span className="visually-hidden">Diagnose {t.name}</span>
          </button>
        ) : (
          <button type="button" className="btn btn-small" onClick={props.onDiagnose}>
            <Stethoscope size={14} aria-hidden /> Diagnose{name}
          </button>
        )}
        {/* After the main action, so the keyboard reaches that first (three Tabs from the search). */}
        <button type="button" className="link-button small path-link" data-testid="direct-state" onClick={props.onPaths}>
          <Network size={12} aria-hidden /> Paths
          {direct ? (
            <>
              {' '}
              <span className={`path-word path-${DIRECT_WORD[direct.status].tone}`}>· {DIRECT_WORD[direct.status].word}</span>
            </>
          ) : null}
          <Hidden>for {t.name}</Hidden>
        </button>
      </div>
      {error ? (
        <div role="cell" className="cell-error">
          <ErrorNote error={error} title={`Tunnel to ${t.name} not opened`} onDismiss={props.onDismissError} />
        </div>
      ) : null}
    </div>
  );
});
