// Names on the command line: a tunnel's name, a database's name (or RDS identifier), or either's id: the
// names the dashboard shows. An unknown or ambiguous name is one line that lists what comes close.
import type { Target, Tunnel } from '../shared/api.js';
import { CliError } from './cli-error.js';

export type Resolved = { kind: 'tunnel'; tunnel: Tunnel } | { kind: 'target'; target: Target };

export interface Candidates {
  tunnels: Tunnel[];
  targets: Target[];
}

/** Levenshtein distance, two rows at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Names close to `name`: a few typos away (about one in three letters), or containing it; nearest first. */
export function closeMatches(name: string, names: readonly string[], limit = 5): string[] {
  const wanted = name.toLowerCase();
  const scored = [...new Set(names)]
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const distance = editDistance(wanted, lower);
      const close = distance <= Math.max(1, Math.floor(wanted.length / 3)) || (wanted.length >= 3 && lower.includes(wanted));
      return { candidate, distance, close };
    })
    .filter((entry) => entry.close);
  return scored
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

/** What to call each candidate when a name is ambiguous: its name and where it lives, then its id. */
function describe(resolved: Resolved): string {
  if (resolved.kind === 'tunnel') {
    const { tunnel } = resolved;
    return `${tunnel.name} (tunnel ${tunnel.id}, ${tunnel.profile} ${tunnel.region})`;
  }
  return `${resolved.target.name} (${resolved.target.id})`;
}

/** The tunnels for these targets where there are any (a database with a tunnel means its tunnel), else the targets. */
function preferTunnels(targets: Target[], tunnels: Tunnel[]): Resolved[] {
  const out = new Map<string, Resolved>();
  for (const target of targets) {
    const own = tunnels.filter((tunnel) => tunnel.target.id === target.id);
    if (own.length === 0) out.set(`target:${target.id}`, { kind: 'target', target });
    for (const tunnel of own) out.set(`tunnel:${tunnel.id}`, { kind: 'tunnel', tunnel });
  }
  return [...out.values()];
}

function lookup(name: string, { tunnels, targets }: Candidates, same: (a: string, b: string) => boolean): Resolved[] {
  const byTunnel = tunnels.filter((tunnel) => same(tunnel.name, name)).map((tunnel): Resolved => ({ kind: 'tunnel', tunnel }));
  if (byTunnel.length > 0) return byTunnel;
  const byTarget = targets.filter((target) => same(target.name, name) || same(target.identifier, name));
  // A tunnel made for a target the inventory no longer lists still answers to the target's name.
  const orphans = tunnels
    .filter((tunnel) => same(tunnel.target.name, name) && !targets.some((target) => target.id === tunnel.target.id))
    .map((tunnel): Resolved => ({ kind: 'tunnel', tunnel }));
  return [...preferTunnels(byTarget, tunnels), ...orphans];
}

/** The one tunnel or database `name` means; a CliError naming the close matches or the candidates otherwise. */
export function resolveName(name: string, candidates: Candidates): Resolved {
  const { tunnels, targets } = candidates;
  const byId = tunnels.find((tunnel) => tunnel.id === name);
  if (byId) return { kind: 'tunnel', tunnel: byId };
  const target = targets.find((t) => t.id === name);
  const exact = target ? preferTunnels([target], tunnels) : lookup(name, candidates, (a, b) => a === b);
  const found = exact.length > 0 ? exact : lookup(name, candidates, (a, b) => a.toLowerCase() === b.toLowerCase());
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new CliError(`"${name}" is ambiguous: ${found.map(describe).join(', ')}.`, 'Name it by its id.', 'AMBIGUOUS_NAME');
  }
  const all = [...tunnels.map((tunnel) => tunnel.name), ...targets.map((t) => t.name)];
  const close = closeMatches(name, all);
  const hint = close.length > 0 ? `Did you mean ${close.join(', ')}?` : 'See `porthole ls` for the names.';
  throw new CliError(`No tunnel or database is named "${name}".`, hint, 'UNKNOWN_NAME');
}
