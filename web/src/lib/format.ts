// Small, pure formatting helpers for numbers and times shown on the dashboard.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 0 B, 512 B, 1.5 KB, 12 MB (1024-based, at most one decimal below 10). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${UNITS[unit]}`;
}

const pad = (n: number) => n.toString().padStart(2, '0');

/** A duration in words-ish: 45s, 3m 05s, 2h 04m, 3d 4h. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${pad(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${pad(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** A countdown clock: 4:05, 1:02:03; never negative. */
export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** "just now", "5 min ago", "3 h ago", "2 d ago" (or "in 5 min" for the future). */
export function formatRelative(iso: string | undefined, now: number): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'unknown';
  const diff = now - t;
  const abs = Math.abs(diff);
  const sec = Math.round(abs / 1000);
  let text: string;
  if (sec < 10) return 'just now';
  if (sec < 60) text = `${sec} s`;
  else if (sec < 3600) text = `${Math.round(sec / 60)} min`;
  else if (sec < 86_400) text = `${Math.round(sec / 3600)} h`;
  else text = `${Math.round(sec / 86_400)} d`;
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

/** Local date and time for tooltips and the drawer. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** Milliseconds from `now` until an ISO time, or undefined when unset. */
export function msUntil(iso: string | undefined, now: number): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t - now;
}
