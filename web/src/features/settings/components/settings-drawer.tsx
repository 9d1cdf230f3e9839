import * as Dialog from '@radix-ui/react-dialog';
import { KeyRound, LogOut, RefreshCw, X } from 'lucide-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { UserSettings } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { useFlash } from '../../../lib/use-flash';
import { useSaveSettings, useSettings } from '../api/settings';
import { useRefreshTrust, useTrust } from '../api/trust';
import { useRotateToken, useSignOut } from '../api/access';

/**
 * Settings (idle stop, probe interval, extra CA files), the trusted CA bundle and access, in the right-hand drawer;
 * `children` are sections other features add (the exports to your clients).
 */
export function SettingsDrawer({ open, onClose, children }: { open: boolean; onClose: () => void; children?: ReactNode }) {
  const settings = useSettings(open);
  // Kept here: the form below is re-created with the saved values, and its confirmation must outlive that.
  const [saved, setSaved] = useFlash();
  return (
    <Dialog.Root open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="drawer-overlay" />
        <Dialog.Content className="drawer" data-testid="settings" aria-describedby={undefined}>
          <div className="drawer-head">
            <Dialog.Title>Settings</Dialog.Title>
            <Dialog.Close className="btn btn-icon btn-ghost" title="Close">
              <X size={16} aria-hidden />
              <span className="visually-hidden">Close settings</span>
            </Dialog.Close>
          </div>
          <div className="drawer-body">
            {settings.data ? (
              <SettingsForm
                key={JSON.stringify(settings.data)}
                saved={settings.data}
                flash={saved}
                onSaved={() => setSaved('Settings saved')}
              />
            ) : (
              <p className="muted">Loading…</p>
            )}
            {children}
            <TrustSection enabled={open} />
            <AccessSection />
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function SettingsForm({ saved, flash, onSaved }: { saved: UserSettings; flash?: string; onSaved: () => void }) {
  const save = useSaveSettings();
  const [idle, setIdle] = useState(String(saved.idleMinutes));
  const [probe, setProbe] = useState(String(saved.probeIntervalMinutes));
  const [caFiles, setCaFiles] = useState(saved.caBundlePaths.join('\n'));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const patch: UserSettings = {
      idleMinutes: Number(idle),
      probeIntervalMinutes: Number(probe),
      caBundlePaths: caFiles
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    };
    save.mutate(patch, { onSuccess: onSaved });
  };

  return (
    <section aria-labelledby="settings-tunnels-title">
      <h3 id="settings-tunnels-title">Tunnels</h3>
      <form className="form-grid" onSubmit={submit}>
        <label>
          Idle minutes before a lazy tunnel ends its session
          <input type="number" min="0.1" step="any" required value={idle} onChange={(e) => setIdle(e.target.value)} />
        </label>
        <label>
          Minutes between health probes
          <input type="number" min="0.1" step="any" required value={probe} onChange={(e) => setProbe(e.target.value)} />
        </label>
        <label style={{ gridColumn: '1 / -1' }}>
          Extra trusted CA files (PEM), one path per line
          <textarea rows={3} value={caFiles} onChange={(e) => setCaFiles(e.target.value)} spellCheck={false} />
        </label>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary btn-small" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save settings'}
          </button>
          <span role="status" className="small flash">
            {flash ?? ''}
          </span>
        </div>
      </form>
      {save.error ? <ErrorNote error={save.error} title="Settings not saved" /> : null}
    </section>
  );
}

function TrustSection({ enabled }: { enabled: boolean }) {
  const trust = useTrust(enabled);
  const refresh = useRefreshTrust();
  const [flash, setFlash] = useFlash();
  const info = trust.data;
  return (
    <section aria-labelledby="settings-trust-title" data-testid="trust">
      <h3 id="settings-trust-title">Trusted CA bundle</h3>
      {info ? (
        <>
          <p className="small">
            {info.certificates} certificates (
            {info.source === 'downloaded' ? "AWS's global bundle, downloaded" : 'the RDS bundle shipped with Porthole'}), written to{' '}
            <code>{info.bundlePath}</code> for your clients' <code>sslrootcert</code>.
          </p>
          {info.problems.map((problem) => (
            <p key={problem.path} className="field-error small">
              {problem.path}: {problem.message}
            </p>
          ))}
        </>
      ) : (
        <p className="muted">Loading…</p>
      )}
      <div>
        <button
          type="button"
          className="btn btn-small"
          disabled={refresh.isPending}
          onClick={() =>
            refresh.mutate(undefined, { onSuccess: (fresh) => setFlash(`CA bundle refreshed: ${fresh.certificates} certificates`) })
          }
        >
          <RefreshCw size={14} aria-hidden className={refresh.isPending ? 'spin' : undefined} /> Refresh from AWS
        </button>{' '}
        <span role="status" className="small flash">
          {flash ?? ''}
        </span>
      </div>
      {refresh.error ? <ErrorNote error={refresh.error} title="CA bundle not refreshed" /> : null}
    </section>
  );
}

function AccessSection() {
  const signOut = useSignOut();
  const rotate = useRotateToken();
  const [flash, setFlash] = useFlash(10_000);
  return (
    <section aria-labelledby="settings-access-title" data-testid="access">
      <h3 id="settings-access-title">Access</h3>
      <p className="small">
        Scripts use the API token in the file <code>token</code> of Porthole's config folder; this browser has its own session, which ends
        after 7 days. Rotating the token signs out every other browser and voids unused login links; scripts must read the new token from
        the file.
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-small"
          disabled={rotate.isPending}
          onClick={() =>
            rotate.mutate(undefined, {
              onSuccess: (result) =>
                setFlash(
                  `API token rotated; ${result.sessionsEnded === 1 ? '1 browser session' : `${result.sessionsEnded} browser sessions`} ended`,
                ),
            })
          }
        >
          <KeyRound size={14} aria-hidden /> Rotate API token
        </button>
        <button type="button" className="btn btn-small" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
          <LogOut size={14} aria-hidden /> Sign out this browser
        </button>
        <span role="status" className="small flash">
          {flash ?? ''}
        </span>
      </div>
      {rotate.error ? <ErrorNote error={rotate.error} title="Token not rotated" /> : null}
      {signOut.error ? <ErrorNote error={signOut.error} title="Not signed out" /> : null}
    </section>
  );
}
