import { isAbsolute, relative } from 'node:path';

// The shell commands Porthole tells its user to run (sign in again, start again). They must work for *this*
// daemon: `npm run open` alone only finds a daemon on the default port with the default config folder, so a
// daemon started otherwise (the demo: a random port and a temporary folder) names its own.

export const DEFAULT_PORT = 7433;

export interface CommandContext {
  /** The port the daemon listens on. */
  port: number;
  configDir: string;
  /** Where `npm run open` looks without --config-dir. */
  defaultConfigDir: string;
  /** The Porthole folder, where npm runs its scripts (a config folder inside it is named relative to it). */
  root: string;
}

/** Quotes for a POSIX shell when needed. */
function shellWord(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * How to name the config folder on the command line: relative to the Porthole folder when inside it;
 * otherwise the absolute path, or (for a page anyone on this computer may load) a placeholder, since a public
 * answer never shows the daemon's file paths.
 */
function folderWord(ctx: CommandContext, reveal: boolean): string {
  const inside = relative(ctx.root, ctx.configDir);
  if (inside && !inside.startsWith('..') && !isAbsolute(inside)) return shellWord(inside);
  return reveal ? shellWord(ctx.configDir) : '<its config folder>';
}

function daemonFlags(ctx: CommandContext, reveal: boolean): string[] {
  const flags: string[] = [];
  if (ctx.port !== DEFAULT_PORT) flags.push('--port', String(ctx.port));
  if (ctx.configDir !== ctx.defaultConfigDir) flags.push('--config-dir', folderWord(ctx, reveal));
  return flags;
}

function npmCommand(script: string, flags: string[]): string {
  return flags.length ? `${script} -- ${flags.join(' ')}` : script;
}

/** `npm run open` with the flags that reach this daemon; `reveal: false` for public pages (no absolute path). */
export function openCommand(ctx: CommandContext, options: { reveal: boolean }): string {
  return npmCommand('npm run open', daemonFlags(ctx, options.reveal));
}

/** `npm start` with the flags that bring this daemon back on the same port and folder (so open pages reconnect). */
export function startCommand(ctx: CommandContext): string {
  return npmCommand('npm start', daemonFlags(ctx, true));
}
