import * as Dialog from '@radix-ui/react-dialog';
import { KeyRound, LogOut, RefreshCw, X } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import type { UserSettings } from '../../../../../shared/api';
import { useSaveSettings, useSettings } from '../api/settings';
import { useRefreshTrust, useTrust } from '../api/trust';
import { useRotateToken, useSignOut } from '../api/access';
import { showError } from '../../../lib/show-error';

/** Settings (idle stop, probe interval, extra CA files) and the trusted CA bundle, in the right-hand drawer. */
export function SettingsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const settings = useSettings(open);
  return (
    <Dialog.Root open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="drawer-overlay" />
        <Dialog.Content className="drawer" data-testid="settings" aria-describedby={undefined}>
          <div className="drawer-head">
            <Dialog.Title>Settings</Dialog.Title>
            <Dialog.Close className="btn btn-icon btn-ghost" aria-label="Close settings">
              <X size={16} aria-hidden />
            </Dialog.Close>
          </div>
          <div className="drawer-body">
            {settings.data ? <SettingsForm key={JSON.stringify(settings.data)} saved={settings.data} /> : <p className="muted">Loading…</p>}
            <TrustSection enabled={open} />
            <AccessSection />
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function SettingsForm({ saved }: { saved: UserSettings }) {
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
    save.mutate(patch, { onSuccess: () => toast.success('Settings saved'), onError: (err) => showError('Settings not saved', err) });
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
        </div>
      </form>
    </section>
  );
}

function TrustSection({ enabled }: { enabled: boolean }) {
  const trust = useTrust(enabled);
  const refresh = useRefreshTrust();
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
            refresh.mutate(undefined, {
              onSuccess: (fresh) => toast.success(`CA bundle refreshed: ${fresh.certificates} certificates`),
              onError: (err) => showError('CA bundle not refreshed', err),
            })
          }
        >
          <RefreshCw size={14} aria-hidden className={refresh.isPending ? 'spin' : undefined} /> Refresh from AWS
        </button>
      </div>
    </section>
  );
}

function AccessSection() {
  const signOut = useSignOut();
  const rotate = useRotateToken();
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
                toast.success(
                  `API token rotated; ${result.sessionsEnded === 1 ? '1 browser session' : `${result.sessionsEnded} browser sessions`} ended`,
                ),
              onError: (err) => showError('Token not rotated', err),
            })
          }
        >
          <KeyRound size={14} aria-hidden /> Rotate API token
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={signOut.isPending}
          onClick={() => signOut.mutate(undefined, { onError: (err) => showError('Not signed out', err) })}
        >
          <LogOut size={14} aria-hidden /> Sign out this browser
        </button>
      </div>
    </section>
  );
}
