import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JumpHost, Target } from '../../shared/api.js';
import type { SliceKey } from '../aws/discovery/convert.js';
import { ensurePrivateDir, writeFileAtomic } from '../config/files.js';

// <config-dir>/inventory/<hash>.json: the last complete discovery of one (profile, region), so a daemon that
// starts shows it at once (marked with its age) while a fresh fetch runs. Only what Describe calls return
// about databases and jump hosts is kept: no credential, token or password ever passes through here.

/** Bumped whenever the file's shape (or the Target/JumpHost shapes in it) changes: an older file is refetched. */
export const INVENTORY_CACHE_VERSION = 1;
export const INVENTORY_CACHE_DIR = 'inventory';

export interface CachedSlice {
  profile: string;
  region: string;
  /** When AWS answered: the age the dashboard shows. */
  fetchedAt: Date;
  targets: Target[];
  hosts: JumpHost[];
}

interface CacheFile {
  version: number;
  profile: string;
  region: string;
  fetchedAt: string;
  targets: Target[];
  hosts: JumpHost[];
}

export interface InventoryCacheLike {
  read(key: SliceKey): Promise<CachedSlice | undefined>;
  write(slice: CachedSlice): Promise<void>;
}

/** One private file per slice; writes of the same slice run one after another, the last one wins. */
export class InventoryCache implements InventoryCacheLike {
  private readonly writing = new Map<string, Promise<void>>();

  constructor(private readonly dir: string) {}

  static inConfigDir(configDir: string): InventoryCache {
    return new InventoryCache(join(configDir, INVENTORY_CACHE_DIR));
  }

  pathOf(key: SliceKey): string {
    // Profile names may hold characters no file name should; the file itself says which slice it is.
    const hash = createHash('sha256').update(`${key.profile}\u0000${key.region}`).digest('hex').slice(0, 24);
    return join(this.dir, `${hash}.json`);
  }

  /** The cached slice, or undefined when there is none, it is of another version, or it does not parse. */
  async read(key: SliceKey): Promise<CachedSlice | undefined> {
    let text: string;
    try {
      text = await readFile(this.pathOf(key), 'utf8');
    } catch {
      return undefined;
    }
    return parseCacheFile(text, key);
  }

  write(slice: CachedSlice): Promise<void> {
    const body: CacheFile = {
      version: INVENTORY_CACHE_VERSION,
      profile: slice.profile,
      region: slice.region,
      fetchedAt: slice.fetchedAt.toISOString(),
      targets: slice.targets,
      hosts: slice.hosts,
    };
    const path = this.pathOf(slice);
    const run = (this.writing.get(path) ?? Promise.resolve()).then(async () => {
      await ensurePrivateDir(this.dir);
      await writeFileAtomic(path, JSON.stringify(body));
    });
    const tracked = run.catch(() => undefined);
    this.writing.set(path, tracked);
    void tracked.then(() => {
      if (this.writing.get(path) === tracked) this.writing.delete(path);
    });
    return run;
  }
}

/** A cache file's content for `key`, checked enough that a damaged or foreign file is never shown. */
export function parseCacheFile(text: string, key: SliceKey): CachedSlice | undefined {
  let file: Partial<CacheFile>;
  try {
    file = JSON.parse(text) as Partial<CacheFile>;
  } catch {
    return undefined;
  }
  if (typeof file !== 'object' || file === null || file.version !== INVENTORY_CACHE_VERSION) return undefined;
  if (file.profile !== key.profile || file.region !== key.region) return undefined;
  const fetchedAt = typeof file.fetchedAt === 'string' ? new Date(file.fetchedAt) : undefined;
  if (!fetchedAt || Number.isNaN(fetchedAt.getTime())) return undefined;
  if (!Array.isArray(file.targets) || !file.targets.every((target) => isTarget(target, key))) return undefined;
  if (!Array.isArray(file.hosts) || !file.hosts.every((host) => isHost(host, key))) return undefined;
  return { profile: key.profile, region: key.region, fetchedAt, targets: file.targets, hosts: file.hosts };
}

const isText = (value: unknown): value is string => typeof value === 'string';
const isTextList = (value: unknown): boolean => Array.isArray(value) && value.every(isText);
const isTextRecord = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(isText);

function isTarget(value: unknown, key: SliceKey): value is Target {
  const t = value as Partial<Target> | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    t.profile === key.profile &&
    t.region === key.region &&
    [t.id, t.kind, t.identifier, t.name, t.engine, t.host, t.status].every(isText) &&
    typeof t.port === 'number' &&
    typeof t.iamAuth === 'boolean' &&
    isTextList(t.securityGroups) &&
    isTextList(t.eligibleHostIds) &&
    isTextRecord(t.tags)
  );
}

function isHost(value: unknown, key: SliceKey): value is JumpHost {
  const h = value as Partial<JumpHost> | null;
  return (
    typeof h === 'object' &&
    h !== null &&
    h.profile === key.profile &&
    h.region === key.region &&
    isText(h.id) &&
    isText(h.pingStatus) &&
    isTextList(h.securityGroups) &&
    isTextRecord(h.tags)
  );
}
