/** Short, honest steps for DBeaver (see docs/clients.md for the why). */
export function DbeaverHelp({ hasDbeaverJson, caBundlePath }: { hasDbeaverJson: boolean; caBundlePath: string }) {
  return (
    <details className="help">
      <summary>Open in DBeaver</summary>
      <ol>
        <li>
          Database → New Database Connection → pick the engine, then on the Main tab choose <em>URL</em> and paste the JDBC URL above (host{' '}
          <code>localhost</code>, the tunnel's port).
        </li>
        <li>
          On the SSL tab: use SSL, mode <code>verify-ca</code>, CA certificate <code className="break">{caBundlePath}</code>. Through a
          tunnel the server's name is the RDS endpoint, not localhost, so full host-name verification cannot pass in JDBC; verify-ca still
          proves the server holds a certificate from the RDS CA.
        </li>
        {hasDbeaverJson ? (
          <li>
            Or let <em>Add to DBeaver</em> below write every tunnel into your DBeaver workspace (its own{' '}
            <code>data-sources-porthole.json</code>, beside yours), or launch DBeaver with the <code>dbeaver -con</code> string.
          </li>
        ) : null}
        <li>The port stays the same across reconnects, so the saved connection keeps working.</li>
      </ol>
    </details>
  );
}
