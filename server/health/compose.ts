// Health is layered: credentials → jump host → relay → session → database. This pure function merges
// what the supervisor knows (its layers), the last deep probe and the passive signals into one Health,
// and names the first failing layer as the root cause.
//
// | evidence (the newest wins for connectivity)   | relay | session | database                        |
// | probe ok                                      | ok    | ok      | ok                              |
// | probe RELAY_DOWN                              | fail  | –       | –                               |
// | probe SESSION_DEAD                            | ok    | fail    | –                               |
// | probe DESTINATION_UNREACHABLE, TLS_*, others  | ok    | ok      | fail                            |
// | destination failure line from the plugin      | ok    | ok      | fail (DESTINATION_UNREACHABLE)  |
// | a client reached the database                 | ok    | ok      | ok, unless the probe found a    |
// |                                               |       |         | TLS/protocol fault (kept)       |
// A layer the supervisor reports as failing now beats older evidence that it was fine. A working session
// also vouches for credentials and jump host (see SESSION_IMPLIES).
import type { ApiError, Health, HealthLayer, HealthLayerName } from '../../shared/api.js';
import type { ProbeResult } from './probe.js';
import { PROBE_HINTS } from './probes/probe-error.js';

export const LAYER_ORDER: readonly HealthLayerName[] = ['credentials', 'jump-host', 'relay', 'session', 'database'];

export interface PassiveSignals {
  /** ISO time a client connection last got an answer from the database through the relay. */
  lastClientSuccessAt?: string;
  /** ISO time the plugin last printed "Connection to destination port failed". */
  destinationFailureAt?: string;
}

export interface ComposeInput {
  probe?: ProbeResult;
  layers?: Partial<Record<HealthLayerName, HealthLayer>>;
  passive?: PassiveSignals;
}

/** Codes that say the path was broken at that moment: a later client success disproves them. */
const CONNECTIVITY_CODES = new Set(['RELAY_DOWN', 'SESSION_DEAD', 'DESTINATION_UNREACHABLE', 'PROBE_TIMEOUT']);

const LAYER_ERRORS: Record<HealthLayerName, ApiError> = {
  credentials: {
    code: 'CREDENTIALS_INVALID',
    message: "The profile's credentials do not work.",
    hint: 'Check the profile (for SSO: aws sso login --profile <name>), then reconnect.',
  },
  'jump-host': {
    code: 'JUMP_HOST_OFFLINE',
    message: "The jump host's SSM agent is not online.",
    hint: 'Start the instance, or check its SSM agent and its route to the SSM endpoints.',
  },
  relay: { code: 'RELAY_DOWN', message: 'The local port does not accept connections.', hint: PROBE_HINTS.RELAY_DOWN },
  session: { code: 'SESSION_DEAD', message: 'The session behind the port is not working.', hint: PROBE_HINTS.SESSION_DEAD },
  database: { code: 'DATABASE_UNREACHABLE', message: 'The database is not answering.', hint: PROBE_HINTS.DESTINATION_UNREACHABLE },
};

/**
 * A working session proves the two layers below it: StartSession accepted the profile's credentials, and the
 * jump host's SSM agent carries the session. Nothing else reports them, so without this they would stay
 * "unknown" on a healthy tunnel. A layer reported as failing (e.g. an SSO login that expired since) still wins.
 */
const SESSION_IMPLIES: Partial<Record<HealthLayerName, HealthLayer>> = {
  credentials: { name: 'credentials', status: 'ok', detail: "AWS accepted the profile's credentials for this session." },
  'jump-host': { name: 'jump-host', status: 'ok', detail: "The jump host's SSM agent carries the session." },
};

function layerOfCode(code: string): HealthLayerName {
  if (code === 'RELAY_DOWN') return 'relay';
  if (code === 'SESSION_DEAD') return 'session';
  return 'database';
}

function time(iso: string | undefined): number {
  const value = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(value) ? -Infinity : value;
}

const PROTOCOL_NAMES = { postgres: 'PostgreSQL', mysql: 'MySQL', tcp: 'The server' } as const;

function databaseDetail(probe: ProbeResult): string {
  const db = probe.database;
  const who = db ? `${PROTOCOL_NAMES[db.protocol]}${db.version ? ` ${db.version}` : ''}` : 'The database';
  if (probe.detail) return probe.detail;
  if (!probe.tls) return `${who} answered.`;
  if (probe.tls.verified) return `${who} answered; ${probe.tls.version ?? 'TLS'}, certificate verified for ${probe.tls.serverName}.`;
  return `${who} answered; ${probe.tls.error ?? 'TLS not verified'}.`;
}

type Evidence =
  | { kind: 'probe'; at: number; probe: ProbeResult }
  | { kind: 'destination-failure'; at: number; iso: string }
  | { kind: 'client-success'; at: number; iso: string };

function latestEvidence(input: ComposeInput): Evidence | undefined {
  const all: Evidence[] = [];
  if (input.probe) all.push({ kind: 'probe', at: time(input.probe.checkedAt), probe: input.probe });
  const { destinationFailureAt, lastClientSuccessAt } = input.passive ?? {};
  if (destinationFailureAt) all.push({ kind: 'destination-failure', at: time(destinationFailureAt), iso: destinationFailureAt });
  if (lastClientSuccessAt) all.push({ kind: 'client-success', at: time(lastClientSuccessAt), iso: lastClientSuccessAt });
  // Stable on ties: a probe beats a passive signal stamped the same instant.
  return all.reduce<Evidence | undefined>((best, next) => (!best || next.at > best.at ? next : best), undefined);
}

/** What the evidence says about relay, session and database, and the error it carries. */
function evidenceLayers(input: ComposeInput): { layers: Partial<Record<HealthLayerName, HealthLayer>>; error?: ApiError } {
  const evidence = latestEvidence(input);
  const probe = input.probe;
  const ok = (name: HealthLayerName, detail: string): HealthLayer => ({ name, status: 'ok', detail });
  const fail = (name: HealthLayerName, detail: string): HealthLayer => ({ name, status: 'fail', detail });
  const pathOk = {
    relay: ok('relay', 'The local port accepts connections.'),
    session: ok('session', 'Traffic flows through the session.'),
  };
  if (!evidence) return { layers: {} };

  if (evidence.kind === 'destination-failure') {
    const error: ApiError = {
      code: 'DESTINATION_UNREACHABLE',
      message: `The plugin reported "Connection to destination port failed" at ${evidence.iso}.`,
      hint: PROBE_HINTS.DESTINATION_UNREACHABLE,
    };
    return { layers: { ...pathOk, database: fail('database', error.message) }, error };
  }
  if (evidence.kind === 'client-success') {
    const kept = probe && !probe.ok && probe.error && !CONNECTIVITY_CODES.has(probe.error.code) ? probe.error : undefined;
    if (kept) return { layers: { ...pathOk, database: fail('database', kept.message) }, error: kept };
    return { layers: { ...pathOk, database: ok('database', `A client reached the database at ${evidence.iso}.`) } };
  }
  if (evidence.probe.ok) return { layers: { ...pathOk, database: ok('database', databaseDetail(evidence.probe)) } };
  const error = evidence.probe.error ?? { code: 'PROBE_FAILED', message: 'The probe failed.' };
  const failed = layerOfCode(error.code);
  if (failed === 'relay') return { layers: { relay: fail('relay', error.message) }, error };
  if (failed === 'session') return { layers: { relay: pathOk.relay, session: fail('session', error.message) }, error };
  return { layers: { ...pathOk, database: fail('database', error.message) }, error };
}

export function composeHealth(input: ComposeInput): Health {
  const given = input.layers ?? {};
  const evidence = evidenceLayers(input);
  const sessionLayer = given.session?.status === 'fail' ? given.session : (evidence.layers.session ?? given.session);
  const implied = sessionLayer?.status === 'ok' ? SESSION_IMPLIES : {};
  const layers = LAYER_ORDER.map((name): HealthLayer => {
    const reported = given[name];
    const proven = evidence.layers[name];
    if (reported?.status === 'fail') return { ...reported, name };
    return proven ?? (reported ? { ...reported, name } : (implied[name] ?? { name, status: 'unknown' }));
  });

  const failing = layers.filter((layer) => layer.status === 'fail');
  const databaseOk = layers.find((layer) => layer.name === 'database')?.status === 'ok';
  const pathFailing = failing.some((layer) => layer.name === 'relay' || layer.name === 'session' || layer.name === 'database');
  // An expired login or an offline agent does not stop a live session: healthy while the database answers.
  const status: Health['status'] = pathFailing ? 'unhealthy' : databaseOk ? 'healthy' : failing.length > 0 ? 'unhealthy' : 'unknown';

  const health: Health = { status, layers };
  const root = status === 'unhealthy' ? failing[0] : undefined;
  if (root) {
    const fromEvidence = evidence.error && evidence.layers[root.name]?.status === 'fail' && given[root.name]?.status !== 'fail';
    health.error =
      fromEvidence && evidence.error ? evidence.error : { ...LAYER_ERRORS[root.name], ...(root.detail ? { message: root.detail } : {}) };
  }
  const probe = input.probe;
  if (probe) {
    health.checkedAt = probe.checkedAt;
    health.latencyMs = probe.latencyMs;
    if (probe.tls) health.tls = probe.tls;
    if (probe.database) health.database = probe.database;
  }
  if (input.passive?.lastClientSuccessAt) health.lastClientSuccessAt = input.passive.lastClientSuccessAt;
  return health;
}
