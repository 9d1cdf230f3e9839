// What the `porthole` command's registrars get (cli/commands/*): the context, what only bin/porthole.js knows, and
// the wrapper that turns an action's outcome into an exit code. Its own file so the commands need not import main.ts.
import type { CliContext, Io } from './context.js';

export interface CliDeps {
  /** Runs the daemon in this process with its own flags (`porthole start`); resolves when it exits, if ever. */
  startDaemon: (args: string[]) => Promise<number>;
  /** This command's entry file (bin/porthole.js): what a login service runs. */
  binPath: string;
  /** The package version, for --version. */
  version: string;
  io?: Io;
}

/** What every registrar gets. */
export interface CommandKit {
  ctx: CliContext;
  deps: CliDeps;
  /** Wraps an action: its number (or 0) becomes the exit code; a CliError becomes one line and exit 1. */
  run: (action: () => Promise<number | void>) => Promise<void>;
}
