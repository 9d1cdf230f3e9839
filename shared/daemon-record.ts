// `<config-dir>/daemon.json`: where a running daemon can be reached. The daemon writes it once it listens
// (so `--port 0` daemons are found too) and removes it on a clean shutdown; the `porthole` command and
// `npm run open` read it. A crash leaves it behind: readers check that its pid is alive and that it answers.

export const DAEMON_RECORD_FILE = 'daemon.json';

export interface DaemonRecord {
  /** e.g. `http://127.0.0.1:7433`: what clients fetch (never a wildcard address). */
  url: string;
  port: number;
  pid: number;
  version: string;
  startedAt: string;
}

/** The record in `text`, or undefined when it is not one (half-written, hand-edited, from another program). */
export function parseDaemonRecord(text: string): DaemonRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { url, port, pid, version, startedAt } = value as Record<string, unknown>;
  if (typeof url !== 'string' || !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]|[0-9.]+|\[[0-9a-fA-F:]+\]):\d{1,5}$/.test(url))
    return undefined;
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) return undefined;
  if (!Number.isInteger(pid) || (pid as number) < 1) return undefined;
  if (typeof version !== 'string' || typeof startedAt !== 'string') return undefined;
  return { url, port: port as number, pid: pid as number, version, startedAt };
}
