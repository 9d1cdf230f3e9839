import { Download } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../../shared/api';
import type { ClientConfigRequest, ClientConfigResponse, ClientVpnEndpoint } from '../../../../../shared/paths';
import { ErrorNote } from '../../../components/error-note';
import { Hidden } from '../../../components/hidden';
import { exportClientConfig } from '../api/vpn-endpoints';
import { downloadText, OVPN_TYPE } from '../lib/download';
import { isFederated, isMutualTls } from '../lib/path-words';
import { TextField } from '../../../components/text-field';
import { LiveButton } from '../../../components/live-button';

/** What the page keeps of an export: never the configuration or the key, only what the user should read. */
type Outcome = Pick<ClientConfigResponse, 'fileName' | 'certificate' | 'check' | 'notices' | 'federated'>;

const LEVEL_WORD = { ok: 'ok', warn: 'warning', fail: 'failing' } as const;

/**
 * The endpoint's client configuration as a download. Mutual TLS: the user's certificate and key (pasted, or files
 * the daemon reads) are merged in; the key field is emptied as soon as the request ends. SAML: the AWS VPN Client is
 * needed (the file keeps `auth-federate`).
 */
export function OvpnExport({ endpoint }: { endpoint: ClientVpnEndpoint }) {
  const ids = { mode: useId(), cert: useId(), key: useId(), certPath: useId(), keyPath: useId() };
  const mtls = isMutualTls(endpoint.authentication);
  const [mode, setMode] = useState<'pem' | 'files'>('pem');
  const [cert, setCert] = useState('');
  const [key, setKey] = useState('');
  const [certPath, setCertPath] = useState('');
  const [keyPath, setKeyPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError & { field?: string }>();
  const [outcome, setOutcome] = useState<Outcome>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: ClientConfigRequest = { profile: endpoint.profile, region: endpoint.region };
    if (mtls && mode === 'pem') Object.assign(body, { certificatePem: cert, privateKeyPem: key });
    if (mtls && mode === 'files') Object.assign(body, { certificatePath: certPath.trim(), keyPath: keyPath.trim() });
    setBusy(true);
    setError(undefined);
    setOutcome(undefined);
    exportClientConfig(endpoint.id, body)
      .then((answer) => {
        downloadText(answer.ovpn, answer.fileName, OVPN_TYPE);
        const { fileName, certificate, check, notices, federated } = answer;
        setOutcome({ fileName, notices, federated, ...(certificate ? { certificate } : {}), ...(check ? { check } : {}) });
      })
      .catch((err: ApiError) => setError(err))
      .finally(() => {
        // The key lives in the page only for the request.
        setKey('');
        setBusy(false);
      });
  };

  const ready = !mtls || (mode === 'pem' ? cert.trim() !== '' && key.trim() !== '' : certPath.trim() !== '' && keyPath.trim() !== '');
  return (
    <form className="ovpn-export" onSubmit={submit} data-testid={`ovpn-export-${endpoint.id}`}>
      <h4>Client configuration (.ovpn)</h4>
      {mtls ? (
        <>
          <fieldset className="mode-choice">
            <legend className="small">Your client certificate and key</legend>
            <label>
              <input type="radio" name={ids.mode} checked={mode === 'pem'} onChange={() => setMode('pem')} /> Paste PEM
            </label>
            <label>
              <input type="radio" name={ids.mode} checked={mode === 'files'} onChange={() => setMode('files')} /> Files Porthole reads
            </label>
          </fieldset>
          {mode === 'pem' ? (
            <>
              <label htmlFor={ids.cert}>Certificate (PEM)</label>
              <textarea
                id={ids.cert}
                rows={4}
                spellCheck={false}
                value={cert}
                placeholder="-----BEGIN CERTIFICATE-----"
                onChange={(e) => setCert(e.target.value)}
              />
              <label htmlFor={ids.key}>Private key (PEM)</label>
              <textarea
                id={ids.key}
                rows={4}
                spellCheck={false}
                autoComplete="off"
                value={key}
                placeholder="-----BEGIN PRIVATE KEY-----"
                onChange={(e) => setKey(e.target.value)}
              />
              <p className="muted small">The key goes into the file only; this field is emptied when the download starts.</p>
            </>
          ) : (
            <>
              <TextField
                id={ids.certPath}
                label="Certificate file"
                value={certPath}
                placeholder="/home/you/vpn/client-alice.crt"
                onValue={setCertPath}
              />
              <TextField
                id={ids.keyPath}
                label="Key file"
                value={keyPath}
                placeholder="/home/you/vpn/client-alice.key"
                onValue={setKeyPath}
              />
            </>
          )}
        </>
      ) : isFederated(endpoint.authentication) ? (
        <p className="small" data-testid="saml-note">
          This endpoint signs in with SAML single sign-on: open the file with the AWS VPN Client (1.2.0 or later); OpenVPN alone cannot. It
          keeps <code>auth-federate</code>.
        </p>
      ) : (
        <p className="small">This endpoint asks for a directory user name and password when you connect.</p>
      )}
      <div className="form-actions">
        <LiveButton type="submit" className="btn btn-small btn-primary" disabled={busy || !ready}>
          <Download size={14} aria-hidden /> {busy ? 'Exporting…' : 'Download .ovpn'}
          <Hidden>for {endpoint.name ?? endpoint.id}</Hidden>
        </LiveButton>
        <span role="status" className="small">
          {outcome ? `Downloaded ${outcome.fileName}` : ''}
        </span>
      </div>
      {error ? <ErrorNote error={error} title="No configuration" onDismiss={() => setError(undefined)} /> : null}
      {outcome ? <OutcomeView outcome={outcome} /> : null}
    </form>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  return (
    <div className="ovpn-outcome" data-testid="ovpn-outcome">
      {outcome.certificate ? (
        <p className="small">
          Certificate <span className="mono ident">{outcome.certificate.subject}</span>, serial{' '}
          <span className="mono ident">{outcome.certificate.serialNumber}</span>, valid until {outcome.certificate.validTo}.
        </p>
      ) : null}
      {outcome.check ? (
        <>
          <p className={`small state-${outcome.check.level}`} data-testid="certificate-check">
            Certificate check: {LEVEL_WORD[outcome.check.level]}
          </p>
          <ul className="findings">
            {outcome.check.findings.map((f) => (
              <li key={f.code} className={`small state-${f.level}`} data-testid={`finding-${f.code}`}>
                <strong>{LEVEL_WORD[f.level]}:</strong> {f.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {outcome.notices.map((n) => (
        <p key={n} className="muted small">
          {n}
        </p>
      ))}
    </div>
  );
}
