// Malformed requests against the real daemon, seeded and bounded. Every request is broken on purpose in
// at least one way (token, Host, target, path, body, Origin, media type), so none may change anything;
// the daemon must answer each without a 5xx, a stack trace or one of its file paths, never lose
// config.json, and still answer afterwards.
import { projectRoot } from '../../server/package-info.js';
import { concretePath, rawRequest, type HostileTarget } from './hostile-kit.js';

export interface FuzzReport {
  requests: number;
  byStatus: Record<string, number>;
  /** Answers that broke a promise, with the request that caused each (at most 20 kept). */
  problems: string[];
  configUnchanged: boolean;
  aliveAfter: boolean;
}

type Rng = () => number;

/** mulberry32: small, seedable, good enough to pick mutations. */
function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

const JUNK = [
  '',
  '..',
  '%00',
  '%ff',
  '%2e%2e',
  '\u00e9',
  '%E2%80%AE',
  'a'.repeat(3000),
  '{}',
  '[]',
  '%',
  '%zz',
  ';',
  '"',
  "'",
  '<x>',
  '${x}',
  '__proto__',
];
const BAD_BODIES = [
  '{',
  '{"a":',
  '[',
  '[1,2',
  '"\\ud800"',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
  'null null',
  '1e99999',
  '{"profile":null}',
  '{"profile":"dev","region":"eu-west-1","target":{"id":"x"},"localPort":"5432"}',
  '{"profile":"dev","region":"eu-west-1","target":{"id":"x"},"jumpHostId":"../../x"}',
  '{"regions":["eu-west-1",7]}',
  '{"idleMinutes":"15"}',
  '{"idleMinutes":-1}',
  '{"caBundlePaths":["relative.pem"]}',
  '{"url":"http://127.0.0.1:1/x"}',
  '{"kind":"iam-token","user":"a\\u0000b"}',
  '{"pairs":[{"profile":"dev"}]}',
  '{"extra":true}',
];

interface Breaker {
  name: string;
  applies: (method: string, path: string) => boolean;
}
const stateChanging = (method: string) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
const BREAKERS: Breaker[] = [
  { name: 'token', applies: () => true },
  { name: 'host', applies: () => true },
  { name: 'target', applies: () => true },
  { name: 'path', applies: () => true },
  { name: 'body', applies: (method) => stateChanging(method) },
  { name: 'origin', applies: (method) => stateChanging(method) },
  { name: 'media', applies: (method) => stateChanging(method) },
];

interface Built {
  head: string;
  body: string;
}

function build(r: Rng, target: HostileTarget): Built {
  const route = pick(r, target.routes);
  const method = route.method;
  let path = concretePath(route.url);
  const breaks = new Set<string>();
  const applicable = BREAKERS.filter((b) => b.applies(method, path));
  breaks.add(pick(r, applicable).name);
  while (r() < 0.4) breaks.add(pick(r, applicable).name);

  if (breaks.has('path')) {
    const junk = pick(r, JUNK);
    path =
      /:(id|name)\b/.test(route.url) && r() < 0.5
        ? concretePath(route.url.replace(/:(id|name)\b/, `~${junk}`)).replace('~', 'zz')
        : `${path}/${junk || 'x'}`;
  }
  if (r() < 0.3) path += `?${pick(r, ['a=1&a=2', 'profile=', `region=${pick(r, JUNK)}`, 'user[]=x', '%zz=1', 'x'.repeat(500)])}`;
  let requestTarget = path;
  if (breaks.has('target'))
    requestTarget = pick(r, [
      `http://evil.example${path}`,
      `ftp://127.0.0.1${path}`,
      '*',
      path.replace(/^\//, ''),
      `//evil.example${path}`,
    ]);

  const headers: string[] = [];
  const host = breaks.has('host')
    ? pick(r, ['evil.example', `127.0.0.1:${target.port + 1}`, '', `${target.host}\r\nHost: evil.example`])
    : target.host;
  if (host) headers.push(`Host: ${host}`);
  if (breaks.has('token')) {
    const bad = pick(r, [
      '',
      'Bearer',
      `Bearer ${target.token}x`,
      `Basic ${target.token}`,
      `Bearer ${'a'.repeat(5000)}`,
      `bearer\t${target.token.slice(1)}`,
    ]);
    if (bad) headers.push(`Authorization: ${bad}`);
  } else {
    headers.push(`Authorization: Bearer ${target.token}`);
  }
  if (breaks.has('origin'))
    headers.push(
      `Origin: ${pick(r, ['https://evil.example', 'null', `http://127.0.0.1.evil.example:${target.port}`, `http://${target.host}.x`])}`,
    );
  let body = stateChanging(method) && r() < 0.5 ? '{}' : '';
  if (breaks.has('body')) body = pick(r, BAD_BODIES);
  if (r() < 0.05) body = `{"x":"${'y'.repeat(70 * 1024)}"}`;
  if (r() < 0.05) body = '['.repeat(20_000);
  if (body)
    headers.push(
      `Content-Type: ${breaks.has('media') ? pick(r, ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) : 'application/json'}`,
    );
  else if (breaks.has('media')) {
    body = 'a=1';
    headers.push('Content-Type: application/x-www-form-urlencoded');
  }
  if (r() < 0.2)
    headers.push(
      pick(r, [
        'Cookie: porthole_session_1=x',
        `Cookie: porthole_session_${target.port}=${'z'.repeat(43)}`,
        'Sec-Fetch-Site: same-origin',
        'Transfer-Encoding: chunked, identity',
        'X-Forwarded-Host: evil.example',
        'Expect: 100-continue',
      ]),
    );
  const fuzzMethod = r() < 0.03 ? pick(r, ['TRACE', 'FOO', 'OPTIONS', 'CONNECT']) : method;
  return { head: `${fuzzMethod} ${requestTarget} HTTP/1.1\r\n${headers.join('\r\n')}`, body };
}

function hasErrorShape(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    return typeof parsed.error?.code === 'string' && typeof parsed.error.message === 'string';
  } catch {
    return false;
  }
}

const STACK_FRAME = /\bat [^\n]+:\d+:\d+\)?/;

export async function fuzz(
  target: HostileTarget,
  options: { count: number; seed?: number; log?: (line: string) => void },
): Promise<FuzzReport> {
  const r = rng(options.seed ?? 0x9047);
  const before = await target.configText();
  const root = projectRoot();
  const report: FuzzReport = { requests: 0, byStatus: {}, problems: [], configUnchanged: false, aliveAfter: false };
  const problem = (line: string) => {
    if (report.problems.length < 20) report.problems.push(line);
  };
  for (let i = 0; i < options.count; i += 1) {
    const request = build(r, target);
    const label = `#${i} ${request.head.split('\r\n')[0]?.slice(0, 160)}`;
    let answer;
    try {
      answer = await rawRequest(target.port, request.head, request.body, 10_000);
    } catch (error) {
      problem(`${label}: ${(error as Error).message}`);
      continue;
    }
    report.requests += 1;
    const key = String(answer.status);
    report.byStatus[key] = (report.byStatus[key] ?? 0) + 1;
    if (answer.status >= 500 || answer.status === 0) problem(`${label}: status ${answer.status}`);
    const api = / \/api|^\S+ \S*\/api/.test(label);
    if (api && answer.status >= 200 && answer.status < 300) problem(`${label}: a broken request succeeded (${answer.status})`);
    // The sign-in callback answers the browser IAM Identity Center sent back with a page, also when it refuses.
    const callbackPage = /^#\d+ GET \/oauth\/callback[?\s]/.test(label) && /\r\ncontent-type: text\/html/i.test(answer.headers);
    if (answer.status >= 400 && answer.body && !hasErrorShape(answer.body) && !callbackPage)
      problem(`${label}: ${answer.status} without Porthole's error shape: ${answer.body.slice(0, 80)}`);
    if (STACK_FRAME.test(answer.body)) problem(`${label}: stack trace in the body`);
    // (2xx answers here are the dashboard's own static files, whose bundled code may name node_modules.)
    const leaksPath = answer.body.includes(root) || answer.body.includes('node_modules') || answer.body.includes(target.configDir);
    if (answer.status >= 300 && leaksPath) problem(`${label}: a file path in the body`);
    if (answer.body.includes(target.token)) problem(`${label}: the token in the body`);
    if (options.log && (i + 1) % 1000 === 0) options.log(`${i + 1} requests sent`);
  }
  report.configUnchanged = (await target.configText()) === before;
  const alive = await rawRequest(target.port, `GET /api/status HTTP/1.1\r\nHost: ${target.host}\r\nAuthorization: Bearer ${target.token}`);
  report.aliveAfter = alive.status === 200;
  return report;
}
