import { CircleCheck, CircleX, Star, TriangleExclamationPoint } from 'lucide-react';
import type { ReactNode } from 'react';
import type { IneligibleReason, JumpHost } from '../../../../../shared/api';

interface Props {
  host: JumpHost;
  ok: boolean;
  /** Not eligible, but worth trying (another VPC only). */
  mayWork?: boolean;
  recommended?: boolean;
  reasons: IneligibleReason[];
  okText: string;
  /** What the user can do with this host (e.g. open a tunnel through it). */
  action?: ReactNode;
}

/** One jump host: name, id, SSM and EC2 facts, and either "ok" or every reason it is not. */
export function HostLine({ host, ok, mayWork = false, recommended = false, reasons, okText, action }: Props) {
  return (
    <li className={`host ${ok ? 'host-ok' : mayWork ? 'host-maybe' : 'host-bad'}`} data-testid={`host-${host.id}`}>
      <div className="host-head">
        {ok ? (
          <CircleCheck size={15} aria-hidden className="ok-icon" />
        ) : mayWork ? (
          <TriangleExclamationPoint size={15} aria-hidden className="maybe-icon" />
        ) : (
          <CircleX size={15} aria-hidden className="bad-icon" />
        )}
        <strong className="ident">{host.name ?? host.id}</strong>
        {host.name ? <span className="muted small mono ident">{host.id}</span> : null}
        {recommended ? (
          <span className="tag tag-accent">
            <Star size={11} aria-hidden /> recommended
          </span>
        ) : null}
      </div>
      <p className="muted small host-facts">
        SSM {host.pingStatus}
        {host.agentVersion ? ` · agent ${host.agentVersion}` : ''}
        {host.state ? ` · ${host.state}` : ''}
        {host.vpcId ? ` · ${host.vpcId}` : ''}
        {host.privateIp ? ` · ${host.privateIp}` : ''}
      </p>
      {ok ? (
        <p className="small host-ok-text">{okText}</p>
      ) : (
        <ul className={mayWork ? 'reasons reasons-maybe' : 'reasons'}>
          {reasons.map((r) => (
            <li key={r.code}>{r.message}</li>
          ))}
          {mayWork ? <li>It works if that VPC can route to the database (peering, transit gateway).</li> : null}
        </ul>
      )}
      {action ? <div className="host-action">{action}</div> : null}
    </li>
  );
}
