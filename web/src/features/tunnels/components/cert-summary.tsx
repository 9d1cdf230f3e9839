import { ShieldCheck, ShieldX } from 'lucide-react';
import type { Health } from '../../../../../shared/api';
import { formatDateTime } from '../../../lib/format';

/** What the deep probe learned about the database's TLS certificate. */
export function CertSummary({ health }: { health: Health }) {
  const tls = health.tls;
  if (!tls) {
    return (
      <p className="muted small">
        {health.database?.protocol === 'tcp'
          ? 'This engine was checked with a plain TCP connection; no certificate was read.'
          : 'No certificate checked yet: use "Check now" once the tunnel is open.'}
      </p>
    );
  }
  return (
    <div className={`cert ${tls.verified ? 'cert-ok' : 'cert-bad'}`} data-testid="cert-summary">
      <p className="cert-verdict">
        {tls.verified ? <ShieldCheck size={16} aria-hidden /> : <ShieldX size={16} aria-hidden />}
        {tls.verified ? `Verified for ${tls.serverName}` : `Not verified for ${tls.serverName}`}
      </p>
      {tls.error ? <p className="warn-text small">{tls.error}</p> : null}
      <dl className="kv">
        <dt>TLS version</dt>
        <dd>{tls.version ?? '—'}</dd>
        <dt>Subject</dt>
        <dd className="mono small">{tls.subject ?? '—'}</dd>
        <dt>Issuer</dt>
        <dd className="mono small">{tls.issuer ?? '—'}</dd>
        <dt>Expires</dt>
        <dd>{formatDateTime(tls.validTo)}</dd>
        {tls.acceptsPlaintext !== undefined ? (
          <>
            <dt>Without TLS</dt>
            <dd>{tls.acceptsPlaintext ? 'also accepted by the server' : 'refused by the server'}</dd>
          </>
        ) : null}
        {health.database?.version ? (
          <>
            <dt>Server</dt>
            <dd>{health.database.version}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
