import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import type { PluginStatus } from '../../shared/api.js';
import { pluginInstallPaths } from '../platform.js';

export const PLUGIN_INSTALL_URL =
  'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html';
const PLUGIN_NAME = process.platform === 'win32' ? 'session-manager-plugin.exe' : 'session-manager-plugin';

/**
 * Finds session-manager-plugin (the explicit path, else PATH, else its usual install folders) and
 * asks its version, once. Never throws: a missing or broken plugin is a status with a hint.
 */
export async function locatePlugin(explicitPath?: string, env: NodeJS.ProcessEnv = process.env): Promise<PluginStatus> {
  const candidates = explicitPath ? [explicitPath] : [...pathCandidates(env), ...pluginInstallPaths()];
  let path: string | undefined;
  for (const candidate of candidates) {
    if (await isExecutable(candidate)) {
      path = candidate;
      break;
    }
  }
  if (!path) {
    return {
      found: false,
      error: {
        code: 'PLUGIN_NOT_FOUND',
        message: explicitPath
          ? `session-manager-plugin was not found at ${explicitPath}.`
          : 'session-manager-plugin was not found on PATH or in its usual install folders.',
        hint: `Install the AWS Session Manager plugin (${PLUGIN_INSTALL_URL}) or pass its path with --plugin.`,
      },
    };
  }
  try {
    const { stdout } = await execa(path, ['--version'], { timeout: 10_000, reject: true });
    const version = stdout.trim().split(/\s+/)[0] ?? '';
    if (!/^\d+(\.\d+)+$/.test(version)) throw new Error(`unexpected version output: ${stdout.slice(0, 80)}`);
    return { found: true, path, version };
  } catch {
    return {
      found: false,
      path,
      error: {
        code: 'PLUGIN_BROKEN',
        message: `session-manager-plugin at ${path} did not report its version.`,
        hint: `Reinstall the plugin (${PLUGIN_INSTALL_URL}); running "${path} --version" should print a version.`,
      },
    };
  }
}

function pathCandidates(env: NodeJS.ProcessEnv): string[] {
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, PLUGIN_NAME));
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Compares dotted versions numerically: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
