import { describe, expect, it } from 'vitest';
import type { PluginStatus } from '../../shared/api.js';
import { PluginLocator } from './plugin-locator.js';

const missing: PluginStatus = { found: false };
const found = (version: string): PluginStatus => ({ found: true, path: '/usr/local/bin/session-manager-plugin', version });

/** A lookup that answers from a list and counts its calls. */
function lookups(...answers: PluginStatus[]) {
  const calls = { count: 0 };
  const lookup = async () => answers[Math.min(calls.count++, answers.length - 1)]!;
  return { lookup, calls };
}

describe('PluginLocator', () => {
  it('looks up once at start and not again for each tunnel start while the plugin is found', async () => {
    const { lookup, calls } = lookups(found('1.2.677.0'));
    const locator = await PluginLocator.create(lookup);
    expect(await locator.current()).toEqual({ status: found('1.2.677.0'), appeared: false });
    expect(await locator.current()).toEqual({ status: found('1.2.677.0'), appeared: false });
    expect(calls.count).toBe(1);
  });

  it('looks again while the plugin is missing and says when it appears', async () => {
    const { lookup, calls } = lookups(missing, missing, found('1.2.677.0'));
    const locator = await PluginLocator.create(lookup);
    expect(await locator.current()).toEqual({ status: missing, appeared: false });
    expect(await locator.current()).toEqual({ status: found('1.2.677.0'), appeared: true });
    expect(locator.last).toEqual(found('1.2.677.0'));
    expect(calls.count).toBe(3);
  });

  it('a recheck replaces a found plugin, and tunnel starts use the new one (e.g. after an upgrade)', async () => {
    const { lookup } = lookups(found('1.2.497.0'), found('1.2.677.0'));
    const locator = await PluginLocator.create(lookup);
    expect(await locator.recheck()).toEqual(found('1.2.677.0'));
    expect((await locator.current()).status).toEqual(found('1.2.677.0'));
  });
});
