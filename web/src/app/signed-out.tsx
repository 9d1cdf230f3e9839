/** Shown when the API answers 401: this browser has no session cookie (or the daemon got a new token). */
export function SignedOut() {
  return (
    <main className="signed-out" data-testid="signed-out">
      <div className="signed-out-card">
        <h1>Not signed in</h1>
        <p>
          Open the dashboard with the link <code>npm start</code> printed, or run <code>npm run open</code>.
        </p>
        <p className="muted small">The link signs this browser in with a cookie; it works once and only on this computer.</p>
      </div>
    </main>
  );
}
