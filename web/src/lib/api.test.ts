import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiRequestError, isUnauthorized } from './api';

function reply(status: number, body: unknown) {
  return vi.fn(async (_url: string, _init?: RequestInit) => new Response(body === undefined ? null : JSON.stringify(body), { status }));
}

describe('api', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends JSON bodies with a JSON content type, even when empty', async () => {
    const fetch = reply(200, { ok: true });
    vi.stubGlobal('fetch', fetch);
    await api('POST', '/api/tunnels/x/stop');
    const init = fetch.mock.calls[0]?.[1] ?? {};
    expect(init.body).toBe('{}');
    expect((init.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('turns an error body into an ApiRequestError with message and hint', async () => {
    vi.stubGlobal('fetch', reply(409, { error: { code: 'PORT_IN_USE', message: 'Port 5432 is in use', hint: 'Pick another port' } }));
    const err = await api('POST', '/api/tunnels', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiRequestError);
    expect(err).toMatchObject({ status: 409, code: 'PORT_IN_USE', message: 'Port 5432 is in use', hint: 'Pick another port' });
  });

  it('keeps the field a 400 names, so a form can mark it', async () => {
    vi.stubGlobal('fetch', reply(400, { error: { code: 'EXPORT_FOLDER_INVALID', message: 'Not a folder', field: 'workspace' } }));
    expect(await api('POST', '/api/exports/dbeaver', { workspace: 'x' }).catch((e: unknown) => e)).toMatchObject({ field: 'workspace' });
  });

  it('reads an empty 202 or 204 as undefined', async () => {
    vi.stubGlobal('fetch', reply(204, undefined));
    await expect(api('DELETE', '/api/tunnels/x')).resolves.toBeUndefined();
  });

  it('reports an unreachable daemon with a hint', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(api('GET', '/api/status')).rejects.toMatchObject({ status: 0, code: 'DAEMON_UNREACHABLE' });
  });
});

describe('isUnauthorized', () => {
  it('is true only for the guard refusing this browser, not for AWS credential errors', () => {
    expect(isUnauthorized(new ApiRequestError(401, { code: 'UNAUTHORIZED', message: 'no token' }))).toBe(true);
    expect(isUnauthorized(new ApiRequestError(401, { code: 'SSO_LOGIN_REQUIRED', message: 'expired' }))).toBe(false);
    expect(isUnauthorized(new Error('x'))).toBe(false);
  });
});
