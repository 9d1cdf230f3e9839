// Everything that differs between macOS, Linux and Windows lives here and nowhere else.
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

/** The per-user config folder: XDG on Linux, Application Support on macOS, AppData on Windows. */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'porthole');
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'porthole');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'porthole');
}

/** Where the AWS installers put session-manager-plugin when it is not on PATH. */
export function pluginInstallPaths(): string[] {
  if (process.platform === 'darwin') {
    return ['/usr/local/sessionmanagerplugin/bin/session-manager-plugin', '/opt/homebrew/bin/session-manager-plugin'];
  }
  if (process.platform === 'win32') {
    return ['C:\\Program Files\\Amazon\\SessionManagerPlugin\\bin\\session-manager-plugin.exe'];
  }
  return ['/usr/local/sessionmanagerplugin/bin/session-manager-plugin', '/usr/bin/session-manager-plugin'];
}

/**
 * Another process's command line, or undefined when it is gone or unreadable. Used to make sure a
 * recorded pid still belongs to a plugin we started before we signal it.
 */
export async function processCommandLine(pid: number): Promise<string[] | undefined> {
  try {
    if (process.platform === 'linux') {
      const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      return raw.split('\0').filter((part, index, all) => part !== '' || index < all.length - 1);
    }
    if (process.platform === 'win32') return undefined;
    const { stdout } = await execa('ps', ['-o', 'command=', '-p', String(pid)], { reject: true });
    return stdout.trim() ? stdout.trim().split(/\s+/) : undefined;
  } catch {
    return undefined;
  }
}

/** Opens a URL in the user's default browser; failures are reported, never thrown. */
export async function openInBrowser(url: string): Promise<boolean> {
  try {
    const { default: open } = await import('open');
    await open(url);
    return true;
  } catch {
    return false;
  }
}

/**
 * The OS's own answer to "which route carries traffic to this address?", as raw text for the caller
 * to parse (`ip route get` on Linux, `route -n get` on macOS), or undefined where it cannot be asked.
 */
export async function routeLookupOutput(address: string): Promise<{ format: 'iproute2' | 'bsd'; text: string } | undefined> {
  const family = isIP(address);
  if (family === 0) return undefined;
  try {
    if (process.platform === 'linux') {
      const { stdout } = await execa('ip', ['route', 'get', address], { timeout: 2000 });
      return { format: 'iproute2', text: stdout };
    }
    if (process.platform === 'darwin') {
      const { stdout } = await execa('route', ['-n', 'get', ...(family === 6 ? ['-inet6'] : []), address], { timeout: 2000 });
      return { format: 'bsd', text: stdout };
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a resolved path lies in a folder of kernel or device files (/proc, /sys, /dev on Linux, /dev on macOS,
 * device namespaces on Windows): Porthole reads and writes users' files, never those.
 */
export function isSystemPseudoPath(path: string): boolean {
  if (process.platform === 'win32') return /^\\\\[.?]\\/.test(path);
  const roots = process.platform === 'linux' ? ['/proc', '/sys', '/dev'] : ['/dev'];
  return roots.some((root) => path === root || path.startsWith(`${root}/`));
}
