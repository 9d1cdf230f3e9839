import { promises as dns } from 'node:dns';
import type { DnsLookup } from './facts.js';

/** Resolves a name to its addresses; rejects with the resolver's error (its `code`: ENOTFOUND, EAI_AGAIN…). */
export type Resolve = (name: string) => Promise<string[]>;

/** The system resolver, as the user's database clients would use it. */
export const systemResolve: Resolve = async (name) => (await dns.lookup(name, { all: true })).map((entry) => entry.address);

/** A lookup that hangs (a dead resolver) is given up after this long. */
const LOOKUP_TIMEOUT_MS = 3_000;

function bounded(resolve: Resolve, name: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('DNS lookup timed out'), { code: 'ETIMEOUT' })), LOOKUP_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([resolve(name), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Looks the endpoint up from this computer. When the name is not found, asks whether this computer resolves
 * AWS names at all (the RDS API's own name): only then does "not found" mean the name does not exist.
 */
export async function lookupName(resolve: Resolve, name: string, region: string): Promise<DnsLookup> {
  try {
    return { name, addresses: await bounded(resolve, name) };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'ERROR';
    if (code !== 'ENOTFOUND') return { name, error: code };
    const control = `rds.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
    const resolvesAws = await bounded(resolve, control).then(
      () => true,
      () => false,
    );
    return { name, error: code, resolvesAws };
  }
}
