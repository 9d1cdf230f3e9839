import { Command } from '../components/command';

/** Shown when the API answers 401: this browser has no session cookie (or the daemon got a new token). */
export function SignedOut({ openCommand = 'npm run open' }: { openCommand?: string }) {
  return (
    <main className="signed-out" data-testid="signed-out">
      <div className="signed-out-card">
        <h1>Not signed in</h1>
        <p>Open the dashboard with the login link Porthole printed when it started, or run this in the Porthole folder for a fresh one:</p>
        <p>
          <Command value={openCommand} />
        </p>
        <p className="muted small">The link signs this browser in with a cookie; it works once and only on this computer.</p>
      </div>
    </main>
  );
}
