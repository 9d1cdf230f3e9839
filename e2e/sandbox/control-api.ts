// The sandbox's own JSON API under /_sandbox/: test control (scenario, calls, sessions) and the
// stand-in plugin's "data channel" (attach, watch, connect, ended). See README.md.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallRecord } from './aws-dispatch.js';
import type { SandboxClock } from './clock.js';
import { validateScenario, type Fault, type Scenario } from './scenario.js';
import type { SessionStore } from './sessions.js';
import type { SsoControls } from './sso-state.js';
import { AwsError } from './wire.js';

export interface ControlDeps {
  getScenario: () => Scenario;
  setScenario: (s: Scenario) => void;
  patchScenario: (p: Partial<Scenario>) => void;
  addFault: (f: Fault) => void;
  calls: () => CallRecord[];
  clearCalls: () => void;
  sessions: SessionStore;
  /** Held watch responses, so close() can let their end line flush. */
  watching: Set<ServerResponse>;
  clock: SandboxClock;
  sso: SsoControls;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function parse(body: string): Record<string, unknown> {
  if (!body) return {};
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
}

/** A loopback destination is used as is when the endpoints map has no entry (handy with local servers). */
function resolveDestination(scenario: Scenario, host: string | undefined, port: string | undefined): string | undefined {
  if (!host || !port) return undefined;
  const mapped = scenario.endpoints?.[`${host}:${port}`];
  if (mapped) return mapped;
  if (host === '127.0.0.1' || host === 'localhost') return `127.0.0.1:${port}`;
  return undefined;
}

export function handleControl(req: IncomingMessage, res: ServerResponse, url: URL, body: string, deps: ControlDeps): void {
  const m = req.method ?? 'GET';
  const path = url.pathname.replace(/^\/_sandbox/, '');
  const b = parse(body);
  if (path === '/health') return send(res, 200, { ok: true });
  if (path === '/scenario' && m === 'GET') return send(res, 200, deps.getScenario());
  if (path === '/scenario' && m === 'PUT') {
    deps.setScenario(validateScenario(b));
    return send(res, 200, { ok: true });
  }
  if (path === '/scenario' && m === 'PATCH') {
    deps.patchScenario(b as Partial<Scenario>);
    return send(res, 200, { ok: true });
  }
  if (path === '/endpoints' && m === 'POST') {
    const s = deps.getScenario();
    deps.patchScenario({ endpoints: { ...s.endpoints, ...(b as Record<string, string>) } });
    return send(res, 200, { ok: true });
  }
  if (path === '/faults' && m === 'POST') {
    if (typeof b.kind !== 'string') throw new HttpError(400, 'a fault needs a kind');
    deps.addFault(b as unknown as Fault);
    return send(res, 200, { ok: true });
  }
  if (path === '/faults' && m === 'DELETE') {
    deps.patchScenario({ faults: [] });
    return send(res, 200, { ok: true });
  }
  if (path === '/calls' && m === 'GET') {
    const service = url.searchParams.get('service');
    const op = url.searchParams.get('op');
    return send(
      res,
      200,
      deps.calls().filter((c) => (!service || c.service === service) && (!op || c.op === op)),
    );
  }
  if (path === '/calls' && m === 'DELETE') {
    deps.clearCalls();
    return send(res, 200, { ok: true });
  }
  if (path === '/sessions' && m === 'GET') return send(res, 200, deps.sessions.list());
  if (path === '/clock' || path.startsWith('/sso/')) return handleSsoControl(res, path, m, b, deps);
  const end = path.match(/^\/sessions\/([^/]+)\/end$/);
  if (end && m === 'POST') {
    const reason = typeof b.reason === 'string' ? b.reason : undefined;
    return send(res, 200, { ended: deps.sessions.end(decodeURIComponent(end[1]!), 'service', reason) });
  }
  const drop = path.match(/^\/sessions\/([^/]+)\/drop$/);
  if (drop && m === 'POST') return send(res, 200, { dropped: deps.sessions.dropStream(decodeURIComponent(drop[1]!)) });
  if (path.startsWith('/plugin/')) return handlePlugin(req, res, url, path, b, deps);
  throw new HttpError(404, `no route ${m} ${url.pathname}`);
}

function handlePlugin(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: string,
  b: Record<string, unknown>,
  deps: ControlDeps,
): void {
  const sessionId = String(b.sessionId ?? url.searchParams.get('sessionId') ?? '');
  const token = typeof b.token === 'string' ? b.token : (req.headers['x-porthole-token'] as string | undefined);
  const session = deps.sessions.authorize(sessionId, token);
  if (!session) {
    // Same answer for a wrong token and an ended session: the real service refuses the websocket either way.
    if (path === '/plugin/watch' && deps.sessions.get(sessionId)?.state === 'terminated') {
      const r = deps.sessions.get(sessionId);
      return send(res, 200, { ended: true, ...(r?.reason !== undefined ? { reason: r.reason } : {}) });
    }
    throw new HttpError(403, 'invalid session token');
  }
  if (path === '/plugin/attach') {
    session.attaches.push({
      argv: Array.isArray(b.argv) ? b.argv.map(String) : [],
      viaEnv: b.viaEnv === true,
      pid: Number(b.pid ?? 0),
      version: String(b.version ?? ''),
      attachedAt: new Date().toISOString(),
    });
    const bh = session.behaviour;
    if (b.resumed !== true) {
      if (bh.behaviour === 'endAfterMs') deps.sessions.endLater(sessionId, bh.ms ?? 0, bh.reason);
      if (bh.behaviour === 'dropStreamAfterMs') deps.sessions.dropLater(sessionId, bh.ms ?? 0);
      if (bh.behaviour === 'exitBeforePort') deps.sessions.end(sessionId, 'service', bh.reason ?? 'Session failed to start.');
    }
    return send(res, 200, { behaviour: bh, host: session.parameters.host?.[0], portNumber: session.parameters.portNumber?.[0] });
  }
  if (path === '/plugin/connect') {
    session.connections++;
    const dest = resolveDestination(deps.getScenario(), session.parameters.host?.[0], session.parameters.portNumber?.[0]);
    if (session.behaviour.behaviour === 'destinationUnreachable' || !dest) return send(res, 200, { unreachable: true });
    return send(res, 200, { destination: dest });
  }
  if (path === '/plugin/ended') {
    deps.sessions.end(sessionId, 'plugin-sigint');
    return send(res, 200, { ok: true });
  }
  if (path === '/plugin/watch') {
    // Held open until the session ends; the body is one JSON line then.
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.write('\n');
    const off = deps.sessions.watch(
      sessionId,
      (e) => res.end(JSON.stringify({ ended: true, ...e }) + '\n'),
      () => res.destroy(),
    );
    deps.watching.add(res);
    res.on('close', () => {
      off();
      deps.watching.delete(res);
    });
    return;
  }
  throw new HttpError(404, `no route ${path}`);
}

/** The clock and IAM Identity Center: advance time, approve a device code or an authorize URL, revoke sessions. */
function handleSsoControl(res: ServerResponse, path: string, m: string, b: Record<string, unknown>, deps: ControlDeps): void {
  const allow = b.deny !== true;
  if (path === '/clock' && m === 'GET') return send(res, 200, { now: deps.clock.now(), offsetMs: deps.clock.offset() });
  if (path === '/clock' && m === 'POST') {
    if (typeof b.advanceMs !== 'number' || !(b.advanceMs >= 0)) throw new HttpError(400, 'advanceMs must be a non-negative number');
    deps.clock.advance(b.advanceMs);
    return send(res, 200, { now: deps.clock.now(), offsetMs: deps.clock.offset() });
  }
  if (path === '/sso/approve' && m === 'POST') {
    if (typeof b.userCode !== 'string') throw new HttpError(400, 'userCode is required');
    return send(res, 200, { approved: deps.sso.approveDevice(b.userCode, allow) });
  }
  if (path === '/sso/authorize' && m === 'POST') {
    if (typeof b.url !== 'string') throw new HttpError(400, 'url (the /authorize URL) is required');
    try {
      return send(res, 200, { location: deps.sso.authorize(b.url, allow) });
    } catch (err) {
      throw new HttpError(400, err instanceof AwsError ? err.message : String(err));
    }
  }
  if (path === '/sso/revoke' && m === 'POST') return send(res, 200, { revoked: deps.sso.revokeSessions() });
  throw new HttpError(404, `no route ${m} /_sandbox${path}`);
}
