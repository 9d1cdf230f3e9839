// Tiny server-rendered pages for a browser that is not signed in: no script, no external assets.

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f7f9;color:#1d2330}
main{max-width:34rem;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 3px #0002}
h1{font-size:1.25rem;margin:0 0 .5rem}code{background:#eef1f5;padding:.1rem .35rem;border-radius:4px}
@media (prefers-color-scheme:dark){body{background:#12151b;color:#e4e7ee}main{background:#1b2029}code{background:#272d39}}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** `openCommand`: the `npm run open` line that reaches this daemon (its port and config folder). */
export function signedOutPage(openCommand: string): string {
  return page(
    'Porthole: sign in',
    `<h1 data-testid="signed-out">Porthole is running, but this browser is not signed in</h1>
<p>Open the dashboard with the login link Porthole printed when it started, or run this in the Porthole folder for a fresh one:</p>
<p><code data-testid="open-command">${escape(openCommand)}</code></p>
<p>Scripts can call the API with <code>Authorization: Bearer &lt;token&gt;</code>; the token is in the file <code>token</code> in Porthole's config folder.</p>`,
  );
}

export function badLinkPage(openCommand: string): string {
  return page(
    'Porthole: link expired',
    `<h1>This login link is not valid any more</h1><p>Login links work once and for ten minutes. Run this in the Porthole folder to open the dashboard with a fresh link:</p>
<p><code data-testid="open-command">${escape(openCommand)}</code></p>`,
  );
}

/** Text for HTML: a profile name or an error message must never become markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Where the browser lands after IAM Identity Center: what happened, and that the tab can go. */
export function signInPage(outcome: { ok: true; profile: string } | { ok: false; message: string; hint?: string }): string {
  if (outcome.ok) {
    return page(
      'Porthole: signed in',
      `<h1 data-testid="signed-in">Signed in</h1><p>Profile <code>${escapeHtml(outcome.profile)}</code> is signed in, and so is every profile and AWS CLI command that shares its sign-in. You can close this tab.</p>`,
    );
  }
  const hint = outcome.hint ? `<p>${escapeHtml(outcome.hint)}</p>` : '';
  return page(
    'Porthole: sign-in failed',
    `<h1 data-testid="sign-in-failed">The sign-in did not complete</h1><p>${escapeHtml(outcome.message)}</p>${hint}`,
  );
}
