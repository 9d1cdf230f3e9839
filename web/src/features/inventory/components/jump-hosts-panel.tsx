import { X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { InventorySlice, Target } from '../../../../../shared/api';
import { hostProblems, hostsForTarget } from '../lib/hosts';
import { HostLine } from './host-line';

interface Props {
  slices: InventorySlice[];
  selected?: Target;
  onClear: () => void;
}

/** For the selected database: every host and why it can or cannot reach it. Otherwise: all hosts, per region. */
export function JumpHostsPanel({ slices, selected, onClear }: Props) {
  const slice = selected && slices.find((s) => s.profile === selected.profile && s.region === selected.region);
  const panel = useRef<HTMLElement>(null);
  // Picking a database's jump host cell is a request to see this panel.
  useEffect(() => {
    if (selected) panel.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selected?.id]);
  if (selected && slice) {
    const views = hostsForTarget(slice, selected.id);
    return (
      <section className="panel hosts" data-testid="jump-hosts" aria-labelledby="hosts-title" ref={panel}>
        <div className="section-head">
          <h2 id="hosts-title" className="section-title">
            Jump hosts for {selected.name}
          </h2>
          <button type="button" className="btn btn-small btn-ghost" onClick={onClear}>
            <X size={14} aria-hidden /> All hosts
          </button>
        </div>
        {views.length === 0 ? <p className="muted">No SSM-managed instances in {slice.region}.</p> : null}
        <ul className="host-list">
          {views.map((v) => (
            <HostLine
              key={v.host.id}
              host={v.host}
              ok={v.eligible}
              recommended={v.recommended}
              reasons={v.reasons}
              okText="Can reach this database"
            />
          ))}
        </ul>
      </section>
    );
  }
  const withHosts = slices.filter((s) => s.hosts.length > 0);
  return (
    <section className="panel hosts" data-testid="jump-hosts" aria-labelledby="hosts-title">
      <h2 id="hosts-title" className="section-title">
        Jump hosts
      </h2>
      {withHosts.length === 0 ? (
        <p className="muted">
          No SSM-managed instances found yet. A jump host is an EC2 instance with the SSM agent (3.1.1374.0 or newer) in the database's VPC.
        </p>
      ) : (
        <p className="muted small">Pick a database's jump host cell to see which hosts can reach it.</p>
      )}
      {withHosts.map((s) => (
        <details key={`${s.profile}:${s.region}`} className="host-group" open={s.hosts.length <= 12}>
          <summary>
            {s.profile} / {s.region} <span className="muted small">· {s.hosts.length} hosts</span>
          </summary>
          <ul className="host-list">
            {s.hosts.map((h) => {
              const problems = hostProblems(s, h.id);
              return <HostLine key={h.id} host={h} ok={problems.length === 0} reasons={problems} okText="Ready for databases in its VPC" />;
            })}
          </ul>
        </details>
      ))}
    </section>
  );
}
