// One entry point for a deep probe through the relay: picks the protocol probe by engine, times it,
// and turns any failure into a result (never throws).
import type { ApiError, Health, TlsSummary } from '../../shared/api.js';
import { engineInfo, type ProbeProtocol } from '../../shared/engines.js';
import type { Probe } from './probes/contract.js';
import { probeMysql } from './probes/mysql.js';
import { probePostgres } from './probes/postgres.js';
import { ProbeError } from './probes/probe-error.js';
import { probeTcp } from './probes/tcp.js';

export const DEFAULT_PROBE_TIMEOUT_MS = 5000;

export interface ProbeRequest {
  /** The relay's local port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** RDS engine name, e.g. postgres, aurora-postgresql, mysql, mariadb, aurora-mysql. */
  engine?: string;
  /** The database's own port: tells the protocol of a target without an engine (5432 → PostgreSQL). */
  databasePort?: number;
  /** The RDS endpoint the certificate must name. */
  serverName: string;
  ca: string[];
  timeoutMs?: number;
}

export interface ProbeResult {
  ok: boolean;
  checkedAt: string;
  latencyMs: number;
  database?: Health['database'];
  tls?: TlsSummary;
  /** One line about the database, e.g. a TCP banner. */
  detail?: string;
  error?: ApiError;
}

const PROBES: Record<ProbeProtocol, Probe> = { postgres: probePostgres, mysql: probeMysql, tcp: probeTcp };

export async function probeDatabase(request: ProbeRequest): Promise<ProbeResult> {
  const started = performance.now();
  const target = {
    host: request.host ?? '127.0.0.1',
    port: request.port,
    serverName: request.serverName,
    ca: request.ca,
    timeoutMs: request.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
  };
  const finish = (): Pick<ProbeResult, 'checkedAt' | 'latencyMs'> => ({
    checkedAt: new Date().toISOString(),
    latencyMs: Math.round(performance.now() - started),
  });
  try {
    const success = await PROBES[engineInfo(request.engine, request.databasePort).probe](target);
    const result: ProbeResult = { ok: true, ...finish(), database: success.database };
    if (success.tls) result.tls = success.tls;
    if (success.detail) result.detail = success.detail;
    return result;
  } catch (error) {
    if (error instanceof ProbeError) {
      const result: ProbeResult = { ok: false, ...finish(), error: error.toApiError() };
      if (error.tls) result.tls = error.tls;
      if (error.database) result.database = error.database;
      return result;
    }
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, ...finish(), error: { code: 'PROBE_FAILED', message: `The probe failed unexpectedly: ${message}` } };
  }
}
