// Test kit (imported by *.test.tsx only): a stand-in for the daemon's HTTP API behind `fetch`. Each route is
// "METHOD /path" (the query string is matched too when the key has one); every call is recorded.
import { afterEach, vi } from 'vitest';

export type Reply = { status?: number; body?: unknown };
/** A reply, or a function of the call (async to hold an answer back, as a slow daemon would). */
export type Route = Reply | ((call: Call) => Reply | Promise<Reply>);

export interface Call {
  method: string;
  path: string;
  url: string;
  body: unknown;
}

afterEach(() => vi.unstubAllGlobals());

/** Answers the routes given (404 for the rest) and returns the calls made, in order. */
export function stubApi(routes: Record<string, Route>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://127.0.0.1');
      const method = init.method ?? 'GET';
      const call: Call = {
        method,
        path: url.pathname,
        url: `${url.pathname}${url.search}`,
        body: init.body ? JSON.parse(String(init.body)) : undefined,
      };
      calls.push(call);
      const route = routes[`${method} ${call.url}`] ?? routes[`${method} ${call.path}`];
      const reply = typeof route === 'function' ? await route(call) : route;
      if (!reply)
        return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: `no route ${method} ${call.url}` } }), { status: 404 });
      return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), { status: reply.status ?? 200 });
    }),
  );
  return calls;
}
