// Plain text for people: aligned columns, ages, tunnel states with their reason in words.
import type { Tunnel } from '../shared/api.js';

/** Rows as aligned columns (the last column is not padded); an empty list prints nothing. */
export function table(header: string[], rows: string[][]): string {
  if (rows.length === 0) return '';
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  return all
    .map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '))
    .join('\n')
    .concat('\n');
}

/** "12 s", "5 min", "3 h", "2 d": for ages and uptimes. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d`;
}

export function ago(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  return Number.isNaN(at) ? '' : `${duration(now - at)} ago`;
}

/** The state with what it means right now: the failure's code, the retry, the health. */
export function tunnelState(tunnel: Tunnel): string {
  if (tunnel.state === 'failed' && tunnel.error) return `failed: ${tunnel.error.code}`;
  if (tunnel.state === 'reconnecting' && tunnel.failedStarts) return `reconnecting (attempt ${tunnel.failedStarts + 1})`;
  if (tunnel.state === 'unhealthy' && tunnel.health.error) return `unhealthy: ${tunnel.health.error.code}`;
  return tunnel.state;
}

export function tunnelRows(tunnels: Tunnel[]): string {
  return table(
    ['TUNNEL', 'STATE', 'PORT', 'DATABASE', 'PROFILE', 'REGION'],
    tunnels.map((t) => [t.name, tunnelState(t), `127.0.0.1:${t.localPort}`, t.target.name, t.profile, t.region]),
  );
}
