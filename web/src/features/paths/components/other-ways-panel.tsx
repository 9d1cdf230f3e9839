import { FileBadge, ShieldCheck } from 'lucide-react';

interface Props {
  onVpnEndpoints: () => void;
  onCertKit: () => void;
}

/** The ways in besides a tunnel that are not about one database: Client VPN endpoints, and the kit to make their certificates. */
export function OtherWaysPanel({ onVpnEndpoints, onCertKit }: Props) {
  return (
    <section className="panel other-ways" data-testid="other-ways" aria-labelledby="other-ways-title">
      <h2 id="other-ways-title" className="section-title" tabIndex={-1}>
        Other ways in
      </h2>
      <p className="muted small">AWS Client VPN: the endpoints, their rules and your .ovpn; certificates for mutual TLS.</p>
      <div className="actions">
        <button type="button" className="btn btn-small" onClick={onVpnEndpoints}>
          <ShieldCheck size={14} aria-hidden /> Client VPN endpoints
        </button>
        <button type="button" className="btn btn-small" onClick={onCertKit}>
          <FileBadge size={14} aria-hidden /> Certificate kit
        </button>
      </div>
    </section>
  );
}
