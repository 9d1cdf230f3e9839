// startSandbox(): one HTTP server on 127.0.0.1 that answers every AWS service Porthole calls (reach it
// with AWS_ENDPOINT_URL) plus the /_sandbox/ control API. close() ends sessions (plugins exit), drops
// held requests and clears every timer.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { dispatchAws, type CallRecord, type DispatchDeps } from './aws-dispatch.js';
import { SandboxClock } from './clock.js';
import { handleControl, HttpError } from './control-api.js';
import { validateScenario, type Fault, type Scenario } from './scenario.js';
import { SessionStore, type SessionRecord } from './sessions.js';
import { dispatchSso, ssoRoute } from './sso-dispatch.js';
import { completeAuthorize } from './sso-pages.js';
import { SsoState, type SsoControls } from './sso-state.js';

export interface StartSandboxOptions {
  /** Default 0: a random free port. */
  port?: number;
}

export interface Sandbox {
  /** http://127.0.0.1:<port> — use as AWS_ENDPOINT_URL. */
  url: string;
  port: number;
  scenario(): Scenario;
  setScenario(s: Scenario): void;
  /** Shallow merge of top-level keys (e.g. `{ faults: [...] }` replaces the faults). */
  patchScenario(p: Partial<Scenario>): void;
  /** Where the stand-in plugin forwards "rds-host:port", e.g. setEndpoint('db.rds…:5432', '127.0.0.1:54321'). */
  setEndpoint(hostPort: string, loopback: string): void;
  addFault(f: Fault): void;
  clearFaults(): void;
  calls(filter?: { service?: string; op?: string }): CallRecord[];
  clearCalls(): void;
  sessions(): SessionRecord[];
  /** Ends a session from the service side; the plugin prints `SessionId: <id> : <reason>` when a reason is given. */
  endSession(sessionId: string, reason?: string): boolean;
  /** Drops the plugin's stream without ending the session: the plugin calls ResumeSession and re-dials. */
  dropStream(sessionId: string): boolean;
  /** The sandbox's clock (tokens and credentials expire on it); advance(ms) moves it forward. */
  clock: { now(): number; advance(ms: number): number };
  /** IAM Identity Center controls for tests (the scenario's `sso` section configures it). */
  sso: SsoControls;
  /** Env vars for a child process (a daemon, the AWS CLI) to reach this sandbox with static keys. */
  env(accessKeyId?: string, region?: string): Record<string, string>;
  close(): Promise<void>;
}

const MAX_BODY = 5_000_000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startSandbox(initial: Scenario, options: StartSandboxOptions = {}): Promise<Sandbox> {
  let scenario = validateScenario(structuredClone(initial));
  const sessions = new SessionStore();
  const used = new WeakMap<object, number>();
  const records: CallRecord[] = [];
  const sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  const sockets = new Set<Socket>();
  const clock = new SandboxClock();
  const sso = new SsoState(clock, () => scenario.sso);
  const ssoControls: SsoControls = {
    approveDevice: (userCode, allow = true) => sso.decideDevice(userCode, allow),
    authorize: (authorizeUrl, allow = true) => completeAuthorize(sso, new URL(authorizeUrl, baseUrl).searchParams, allow),
    revokeSessions: () => sso.revokeAll(),
    credentials: (accessKeyId) => {
      const c = sso.credentialsFor(accessKeyId);
      return c ? { ...c } : undefined;
    },
  };
  let seq = 0;
  let baseUrl = '';
  let closed = false;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (closed) return resolve();
      const s = {
        timer: setTimeout(() => {
          sleepers.delete(s);
          resolve();
        }, ms),
        resolve,
      };
      sleepers.add(s);
    });

  const control = {
    getScenario: () => scenario,
    setScenario: (s: Scenario) => {
      scenario = validateScenario(structuredClone(s));
    },
    patchScenario: (p: Partial<Scenario>) => {
      scenario = validateScenario({ ...scenario, ...structuredClone(p) });
    },
    // Keeps the existing fault objects: their `times` counters are keyed by identity.
    addFault: (f: Fault) => {
      scenario = { ...scenario, faults: [...(scenario.faults ?? []), structuredClone(f)] };
    },
    calls: () => records.map((r) => structuredClone(r)),
    clearCalls: () => {
      records.length = 0;
    },
    sessions,
    watching: new Set<ServerResponse>(),
    clock,
    sso: ssoControls,
  };

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const askedAt = performance.now();
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', baseUrl);
    if (url.pathname.startsWith('/_sandbox/')) {
      handleControl(req, res, url, body, control);
      return;
    }
    const deps: DispatchDeps = {
      scenario: () => scenario,
      sessions,
      baseUrl: () => baseUrl,
      record: (r) => records.push({ ...r, seq: ++seq, at: new Date().toISOString() }),
      sleep,
      used,
      sso,
      askedAt,
    };
    const route = ssoRoute(req.method, url.pathname, req.headers);
    const result = route
      ? await dispatchSso(route, req.method ?? 'GET', url, req.headers, body, deps)
      : await dispatchAws(req.headers, body, deps);
    if ('timeout' in result) return; // never answer: the client gives up (or close() drops the socket)
    if (res.destroyed) return;
    res.writeHead(result.status, { ...result.headers, 'content-length': Buffer.byteLength(result.body) });
    res.end(result.body);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      const status = err instanceof HttpError ? err.status : 500;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    port,
    scenario: () => structuredClone(scenario),
    setScenario: control.setScenario,
    patchScenario: control.patchScenario,
    setEndpoint: (hostPort, loopback) => control.patchScenario({ endpoints: { ...scenario.endpoints, [hostPort]: loopback } }),
    addFault: control.addFault,
    clearFaults: () => control.patchScenario({ faults: [] }),
    calls: (filter) =>
      control.calls().filter((c) => (!filter?.service || c.service === filter.service) && (!filter?.op || c.op === filter.op)),
    clearCalls: control.clearCalls,
    sessions: () => sessions.list(),
    endSession: (id, reason) => sessions.end(id, 'service', reason),
    dropStream: (id) => sessions.dropStream(id),
    clock: { now: () => clock.now(), advance: (ms) => clock.advance(ms) },
    sso: ssoControls,
    env: (accessKeyId = 'AKIDSANDBOX', region = 'us-east-1') => ({
      AWS_ENDPOINT_URL: baseUrl,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
      AWS_REGION: region,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    }),
    close: async () => {
      if (closed) return;
      closed = true;
      sessions.close(); // watchers get their end line first, so plugins exit cleanly
      for (const s of sleepers) {
        clearTimeout(s.timer);
        s.resolve();
      }
      sleepers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      // Let the plugins read their end line (bounded), then drop everything still open (held "timeout" requests).
      await Promise.all(
        [...control.watching].map(
          (res) =>
            new Promise<void>((resolve) => {
              const t = setTimeout(resolve, 500);
              res.once('close', () => {
                clearTimeout(t);
                resolve();
              });
            }),
        ),
      );
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await done;
    },
  };
}
