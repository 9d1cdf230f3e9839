import { Cable, Route, Stethoscope, X } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError, InventorySlice, Target } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { Hidden } from '../../../components/hidden';
import { hostProblemsByHost, hostsForTarget, type HostView } from '../lib/hosts';
import { HostLine } from './host-line';
import type { RowTunnel } from './target-row';
import { LiveButton } from '../../../components/live-button';

interface Props {
  slices: InventorySlice[];
  selected?: Target;
  /** The tunnel the selected database already has, if any. */
  tunnel?: RowTunnel;
  busy: boolean;
  /** Why the last try to use a host for the selected database failed. */
  error?: ApiError;
  onClear: () => void;
  /** Open a tunnel through this host, or move the existing tunnel to it. */
  onUseHost: (target: Target, hostId: string) => void;
  /** "Why can't I connect?" for the selected database through one host. */
  onDiagnose: (target: Target, hostId: string) => void;
}

/** For the selected database: every host, why it can or cannot reach it, and "use this one". Otherwise: all hosts. */
export function JumpHostsPanel({ slices, selected, tunnel, busy, error, onClear, onUseHost, onDiagnose }: Props) {
  const slice = selected && slices.find((s) => s.profile === selected.profile && s.region === selected.region);
  const heading = useRef<HTMLHeadingElement>(null);
  // Picking a database's jump host cell (or "Choose jump host") is a request to see this panel.
  useEffect(() => {
    if (!selected) return;
    heading.current?.focus({ preventScroll: true });
    heading.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [selected?.id]);
  if (selected && slice) {
    const views = hostsForTarget(slice, selected.id);
    const use = (v: HostView) => {
      if (!v.eligible && !v.mayWork) return null;
      if (tunnel?.jumpHostId === v.host.id) return <span className="tag">in use by the tunnel</span>;
      const name = v.host.name ?? v.host.id;
      return (
        <LiveButton
          className={`btn btn-small${v.eligible && !tunnel ? ' btn-primary' : ''}`}
          disabled={busy}
          onClick={() => onUseHost(selected, v.host.id)}
        >
          {tunnel ? <Route size={14} aria-hidden /> : <Cable size={14} aria-hidden />}
          {tunnel ? 'Use for the tunnel' : 'Open tunnel through it'}
          <Hidden>
            ({name}, for {selected.name})
          </Hidden>
        </LiveButton>
      );
    };
    // Every host can be diagnosed: for one that cannot reach the database, the diagnosis says which link breaks.
    const action = (v: HostView) => (
      <span className="actions">
        {use(v)}
        <button type="button" className="btn btn-small btn-ghost" onClick={() => onDiagnose(selected, v.host.id)}>
          <Stethoscope size={14} aria-hidden /> Diagnose through it
          <Hidden>
            ({v.host.name ?? v.host.id}, for {selected.name})
          </Hidden>
        </button>
      </span>
    );
    return (
      <section className="panel hosts" data-testid="jump-hosts" aria-labelledby="hosts-title">
        <div className="section-head">
          <h2 id="hosts-title" className="section-title" ref={heading} tabIndex={-1}>
            Jump hosts for {selected.name}
          </h2>
          <button type="button" className="btn btn-small btn-ghost" onClick={onClear}>
            <X size={14} aria-hidden /> All hosts
          </button>
        </div>
        {error ? <ErrorNote error={error} title={`Tunnel to ${selected.name} not opened`} /> : null}
        {views.length === 0 ? <p className="muted">No SSM-managed instances in {slice.region}.</p> : null}
        <ul className="host-list">
          {views.map((v) => (
            <HostLine
              key={v.host.id}
              host={v.host}
              ok={v.eligible}
              mayWork={v.mayWork}
              recommended={v.recommended}
              reasons={v.reasons}
              okText="Can reach this database"
              action={action(v)}
            />
          ))}
        </ul>
      </section>
    );
  }
  const withHosts = slices.filter((s) => s.hosts.length > 0);
  return (
    <section className="panel hosts" data-testid="jump-hosts" aria-labelledby="hosts-title">
      <h2 id="hosts-title" className="section-title" ref={heading} tabIndex={-1}>
        Jump hosts
      </h2>
      {withHosts.length === 0 ? (
        <p className="muted">
          No SSM-managed instances found yet. A jump host is an EC2 instance with the SSM agent (3.1.1374.0 or newer) in the database's VPC.
        </p>
      ) : (
        <p className="muted small">Pick a database's jump host cell to see which hosts can reach it, and to choose one.</p>
      )}
      {withHosts.map((s) => (
        <HostGroup key={`${s.profile}:${s.region}`} slice={s} />
      ))}
    </section>
  );
}

/**
 * One profile × region's hosts, open when there are few. A closed group renders no lines (500 hosts are 500 lines
 * the first render of the dashboard would build and lay out for nothing); they appear when it is opened.
 */
function HostGroup({ slice }: { slice: InventorySlice }) {
  const [open, setOpen] = useState(slice.hosts.length <= 12);
  const problems = useMemo(() => (open ? hostProblemsByHost(slice) : undefined), [open, slice]);
  return (
    <details className="host-group" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        {slice.profile} / {slice.region} <span className="muted small">· {slice.hosts.length} hosts</span>
      </summary>
      {problems ? (
        <ul className="host-list">
          {slice.hosts.map((h) => {
            const reasons = problems.get(h.id) ?? [];
            return <HostLine key={h.id} host={h} ok={reasons.length === 0} reasons={reasons} okText="Ready for databases in its VPC" />;
          })}
        </ul>
      ) : null}
    </details>
  );
}
