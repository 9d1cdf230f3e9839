import { Ban, FileKey } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../../shared/api';
import type { CertKitChange, CertKitState, KitCertificateInfo } from '../../../../../shared/paths';
import { Command } from '../../../components/command';
import { ErrorNote } from '../../../components/error-note';
import { Hidden } from '../../../components/hidden';
import { formatDateTime } from '../../../lib/format';
import { useFlash } from '../../../lib/use-flash';
import { issueCertificate, renewCrl, revokeCertificate, type KitContext } from '../api/cert-kit';
import { TextField } from '../../../components/text-field';
import { LiveButton } from '../../../components/live-button';

interface Props {
  kit: CertKitState;
  context: KitContext;
  onChange: (change: CertKitChange) => void;
}

/** The kit as it is: the CA, every certificate (revoke a client in place), the CRL, and the AWS CLI commands. */
export function KitView({ kit, context, onChange }: Props) {
  const [error, setError] = useState<ApiError>();
  const [flash, setFlash] = useFlash(6000);
  const act = (call: () => Promise<CertKitChange>, done: (c: CertKitChange) => string) =>
    call()
      .then((change) => {
        onChange(change);
        setError(undefined);
        setFlash(done(change));
      })
      .catch((err: ApiError) => {
        setError(err);
        throw err;
      });
  return (
    <div className="kit" data-testid="kit">
      <section aria-labelledby="kit-ca-title">
        <h3 id="kit-ca-title">CA {kit.ca.commonName}</h3>
        <p className="small">
          Serial <span className="mono ident">{kit.ca.serial}</span>, valid until {formatDateTime(kit.ca.notAfter)} ·{' '}
          <span className="mono ident">{kit.ca.certPath}</span>
        </p>
        <p role="status" className="small">
          {flash ?? ''}
        </p>
        {error ? <ErrorNote error={error} title="Not done" onDismiss={() => setError(undefined)} /> : null}
      </section>
      <section aria-labelledby="kit-issue-title">
        <h3 id="kit-issue-title">Issue a certificate</h3>
        <IssueForm
          kind="server"
          onIssue={(name) =>
            act(
              () => issueCertificate('server', { folder: kit.folder, name }, context),
              (c) => `Issued ${c.issued?.name ?? name}: ${c.issued?.certPath ?? ''}`,
            )
          }
        />
        <IssueForm
          kind="client"
          onIssue={(name) =>
            act(
              () => issueCertificate('client', { folder: kit.folder, name }, context),
              (c) => `Issued ${c.issued?.name ?? name}: ${c.issued?.certPath ?? ''}`,
            )
          }
        />
      </section>
      <section aria-labelledby="kit-certs-title">
        <h3 id="kit-certs-title">Certificates</h3>
        {kit.certificates.length === 0 ? <p className="muted small">None issued yet.</p> : null}
        <ul className="kit-certs">
          {kit.certificates.map((c) => (
            <CertItem
              key={c.name}
              cert={c}
              onRevoke={() =>
                act(
                  () => revokeCertificate({ folder: kit.folder, name: c.name }, context),
                  (ch) => `Revoked ${c.name}; CRL number ${ch.crl?.number ?? '?'} written to ${ch.crl?.path ?? ''}`,
                )
              }
            />
          ))}
        </ul>
      </section>
      <section aria-labelledby="kit-crl-title" data-testid="kit-crl">
        <h3 id="kit-crl-title">Revocation list</h3>
        {kit.crl ? (
          <p className="small">
            CRL number {kit.crl.number}, valid until {formatDateTime(kit.crl.nextUpdate)} ·{' '}
            <span className="mono ident">{kit.crl.path}</span>
          </p>
        ) : (
          <p className="muted small">No CRL yet: revoking a client writes one.</p>
        )}
        <CrlButton
          onRenew={() =>
            act(
              () => renewCrl(kit.folder, context),
              (c) => `CRL number ${c.crl?.number ?? '?'} written`,
            )
          }
        />
      </section>
      <section aria-labelledby="kit-aws-title" data-testid="kit-commands">
        <h3 id="kit-aws-title">In AWS (Porthole changes nothing there)</h3>
        {kit.acmImports.length === 0 ? <p className="muted small">Issue a server certificate to get its ACM import command.</p> : null}
        {kit.acmImports.map((i) => (
          <div key={i.name} className="kit-command">
            <p className="small">{i.command.purpose}</p>
            <Command value={i.command.text} what={`ACM import command for ${i.name}`} />
          </div>
        ))}
        {kit.crlUpload ? (
          <div className="kit-command">
            <p className="small">{kit.crlUpload.purpose}</p>
            <Command value={kit.crlUpload.text} what="CRL upload command" />
          </div>
        ) : null}
      </section>
    </div>
  );
}

function IssueForm({ kind, onIssue }: { kind: 'server' | 'client'; onIssue: (name: string) => Promise<unknown> }) {
  const id = useId();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    onIssue(name.trim().toLowerCase())
      .then(() => setName(''))
      .catch(() => undefined)
      .finally(() => setBusy(false));
  };
  return (
    <form className="kit-issue" onSubmit={submit} data-testid={`kit-issue-${kind}`}>
      <TextField
        id={id}
        label={kind === 'server' ? 'Server name (CN and SAN)' : 'Client name (CN)'}
        value={name}
        placeholder={kind === 'server' ? 'vpn.example.com' : 'alice'}
        onValue={setName}
      />
      <LiveButton type="submit" className="btn btn-small" disabled={busy || name.trim() === ''}>
        <FileKey size={14} aria-hidden /> {busy ? 'Issuing…' : `Issue ${kind} certificate`}
      </LiveButton>
    </form>
  );
}

/** Revoking cannot be undone: it asks in place, with "Keep it" focused. */
function CertItem({ cert, onRevoke }: { cert: KitCertificateInfo; onRevoke: () => Promise<unknown> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const revoke = () => {
    setBusy(true);
    onRevoke()
      .catch(() => undefined)
      .finally(() => {
        setBusy(false);
        setAsking(false);
      });
  };
  return (
    <li className="kit-cert" data-testid={`kit-cert-${cert.name}`}>
      <span>
        <strong className="ident">{cert.name}</strong> <span className="muted small">{cert.kind}</span>{' '}
        <span className="small" data-testid="kit-cert-state">
          {cert.revokedAt ? `revoked ${formatDateTime(cert.revokedAt)}` : `valid until ${formatDateTime(cert.notAfter)}`}
        </span>
      </span>
      <span className="mono small ident muted">
        {cert.certPath} · {cert.keyPath}
      </span>
      {cert.kind === 'client' && !cert.revokedAt ? (
        asking ? (
          <span
            role="group"
            aria-label={`Revoke ${cert.name}?`}
            className="confirm"
            onKeyDown={(e) => e.key === 'Escape' && setAsking(false)}
          >
            <span className="small">Revoke {cert.name}? The endpoint refuses it once the new CRL is uploaded.</span>
            <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={revoke}>
              {busy ? 'Revoking…' : 'Revoke'}
              <Hidden>{cert.name}</Hidden>
            </button>
            <button type="button" autoFocus className="btn btn-small" onClick={() => setAsking(false)}>
              Keep it
            </button>
          </span>
        ) : (
          <LiveButton className="btn btn-small" onClick={() => setAsking(true)}>
            <Ban size={14} aria-hidden /> Revoke<Hidden>{cert.name}</Hidden>
          </LiveButton>
        )
      ) : null}
    </li>
  );
}

function CrlButton({ onRenew }: { onRenew: () => Promise<unknown> }) {
  const [busy, setBusy] = useState(false);
  return (
    <LiveButton
      className="btn btn-small"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        onRenew()
          .catch(() => undefined)
          .finally(() => setBusy(false));
      }}
    >
      {busy ? 'Writing…' : 'Produce a fresh CRL'}
    </LiveButton>
  );
}
