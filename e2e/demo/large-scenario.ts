// The demo's large scenario (`npm run demo -- --large`, and the dashboard benchmarks): 3 profiles × 4 regions with
// 2,000 RDS instances and 500 SSM jump hosts spread over them, every region picked, pages of 100 as RDS gives them.
// Made-up names only (db-0001 …, bastion-N / app-N); no database answers behind them.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultConfig } from '../../server/config/schema.js';
import { BIG_SCENARIO, buildScenario, type BuiltScenario } from '../sandbox/scenario-builder.js';
import type { ProfileSpec } from '../fixtures/aws-env.js';

export const LARGE_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1'];

export interface LargeDemoWorld {
  scenario: BuiltScenario;
  /** Static-key profiles, each with its first region as the default. */
  profiles: ProfileSpec[];
  /** Porthole's picked regions per profile (config.json `settings.regions`): every region of every profile. */
  regions: Record<string, string[]>;
}

export function largeDemoWorld(options: { latencyMs?: number } = {}): LargeDemoWorld {
  const { scenario, profiles } = buildScenario({ ...BIG_SCENARIO, regions: LARGE_REGIONS, latencyMs: options.latencyMs ?? 0 });
  return {
    scenario,
    profiles: profiles.map((profile) => ({ name: profile.name, accessKeyId: profile.accessKeyId, region: LARGE_REGIONS[0]! })),
    regions: Object.fromEntries(profiles.map((profile) => [profile.name, [...LARGE_REGIONS]])),
  };
}

/** Writes a fresh config.json into `configDir` that picks these regions (before the daemon first starts). */
export async function seedRegions(configDir: string, regions: Record<string, string[]>): Promise<void> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  const config = defaultConfig();
  config.settings.regions = regions;
  await writeFile(join(configDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}
