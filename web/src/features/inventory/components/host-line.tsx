import { CircleCheck, CircleX, Star } from 'lucide-react';
import type { IneligibleReason, JumpHost } from '../../../../../shared/api';

interface Props {
  host: JumpHost;
  ok: boolean;
  recommended?: boolean;
  reasons: IneligibleReason[];
  okText: string;
}

/** One jump host: name, id, SSM and EC2 facts, and either "ok" or every reason it is not. */
export function HostLine({ host, ok, recommended = false, reasons, okText }: Props) {
  return (
    <li className={`host ${ok ? 'host-ok' : 'host-bad'}`} data-testid={`host-${host.id}`}>
      <div className="host-head">
        {ok ? <CircleCheck size={15} aria-hidden className="ok-icon" /> : <CircleX size={15} aria-hidden className="bad-icon" />}
        <strong className="truncate">{host.name ?? host.id}</strong>
        {host.name ? <span className="muted small mono">{host.id}</span> : null}
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
        <ul className="reasons">
          {reasons.map((r) => (
            <li key={r.code}>{r.message}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
