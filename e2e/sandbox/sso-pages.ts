// The browser half of IAM Identity Center sign-in, as plain server-rendered HTML (no scripts, no external
// assets): /authorize (authorization code + PKCE: "Allow" redirects to the client's loopback redirect_uri
// with code and state) and /device (the device code's verification page: "Allow" approves the user code).
import type { SsoState } from './sso-state.js';
import { AwsError, esc, type WireReply } from './wire.js';

function html(status: number, title: string, body: string, headers: Record<string, string> = {}): WireReply {
  const page =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>` +
    `<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#16191f}` +
    `h1{font-size:1.4rem}code{font-size:1.3rem;letter-spacing:.1em}button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.5rem}` +
    `.allow{background:#ec7211;color:#fff;border:0;border-radius:4px}.deny{background:#fff;border:1px solid #8d99a8;border-radius:4px}</style>` +
    `</head><body><p>Porthole sandbox · IAM Identity Center</p><h1>${esc(title)}</h1>${body}</body></html>`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers }, body: page };
}

function hidden(params: URLSearchParams): string {
  return [...params].map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
}

const BUTTONS =
  '<button class="allow" type="submit" name="decision" value="allow">Allow</button>' +
  '<button class="deny" type="submit" name="decision" value="deny">Deny</button>';

/**
 * Completes an /authorize request: the Location the browser is sent to (the redirect_uri with `code` and
 * `state`, or `error=access_denied`). Throws AwsError when the request itself is invalid.
 */
export function completeAuthorize(sso: SsoState, params: URLSearchParams, allow: boolean): string {
  const r = sso.authorizeRequest(params);
  const target = new URL(r.redirectUri);
  if (allow) {
    target.searchParams.set('code', sso.issueCode(r));
  } else {
    target.searchParams.set('error', 'access_denied');
    target.searchParams.set('error_description', 'The user denied the request');
  }
  target.searchParams.set('state', r.state);
  return target.toString();
}

function invalid(err: unknown): WireReply {
  const why = err instanceof AwsError ? err.message : 'Invalid request';
  return html(400, 'Sign-in request is not valid', `<p>${esc(why)}</p>`);
}

/** GET or POST /authorize. */
export function authorizePage(sso: SsoState, method: string, url: URL, form: URLSearchParams): WireReply {
  try {
    if (method === 'POST') {
      const params = new URLSearchParams(form);
      const decision = params.get('decision');
      params.delete('decision');
      return { status: 302, headers: { location: completeAuthorize(sso, params, decision === 'allow') }, body: '' };
    }
    const r = sso.authorizeRequest(url.searchParams);
    if (sso.sso().autoApprove) return { status: 302, headers: { location: completeAuthorize(sso, url.searchParams, true) }, body: '' };
    const scopes = r.scopes.length ? r.scopes.map((s) => `<li>${esc(s)}</li>`).join('') : '<li>sso:account:access</li>';
    return html(
      200,
      'Allow access?',
      `<p>Signed in as <strong>${esc(sso.sso().userName)}</strong> at ${esc(sso.sso().startUrl)}.</p>` +
        `<p><strong>${esc(r.clientName)}</strong> asks to use your IAM Identity Center session:</p><ul>${scopes}</ul>` +
        `<form method="post" action="/authorize">${hidden(url.searchParams)}${BUTTONS}</form>`,
    );
  } catch (err) {
    return invalid(err);
  }
}

/** GET or POST /device: the user code from verificationUriComplete, or a box to type it. */
export function devicePage(sso: SsoState, method: string, url: URL, form: URLSearchParams): WireReply {
  try {
    sso.sso();
  } catch (err) {
    return invalid(err);
  }
  if (method === 'POST') {
    const userCode = form.get('user_code') ?? '';
    const allow = form.get('decision') === 'allow';
    if (!sso.decideDevice(userCode, allow)) return html(400, 'Code not valid', '<p>This code is not valid or has expired.</p>');
    return allow
      ? html(200, 'Request approved', '<p>You can close this window and return to the application.</p>')
      : html(200, 'Request denied', '<p>The application was not given access.</p>');
  }
  const userCode = url.searchParams.get('user_code');
  if (!userCode) {
    return html(
      200,
      'Authorize request',
      '<form method="post" action="/device"><p><label>Code <input name="user_code" autocomplete="off"></label></p>' + `${BUTTONS}</form>`,
    );
  }
  const pending = sso.device(userCode);
  if (pending?.state === 'approved' || pending?.state === 'used') {
    return html(200, 'Request approved', '<p>You can close this window and return to the application.</p>');
  }
  if (pending?.state !== 'pending') return html(400, 'Code not valid', '<p>This code is not valid or has expired.</p>');
  return html(
    200,
    'Authorize request',
    `<p>Confirm this code matches the one the application shows:</p><p><code>${esc(pending.userCode)}</code></p>` +
      `<p>Signed in as <strong>${esc(sso.sso().userName)}</strong> at ${esc(pending.startUrl)}.</p>` +
      `<form method="post" action="/device"><input type="hidden" name="user_code" value="${esc(pending.userCode)}">${BUTTONS}</form>`,
  );
}
