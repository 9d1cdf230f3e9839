// The `porthole` command: a thin client of the daemon's HTTP API (commander parses, the commands call the
// API, nothing here decides what the daemon decides). bin/porthole.js builds what is missing and calls
// runCli with what only it knows: how to run the daemon itself and where the bin file is.
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error.js';
import type { CliDeps, CommandKit } from './command-kit.js';
import { CliContext, type GlobalOptions, type Io } from './context.js';
import { registerClients } from './commands/clients.js';
import { registerCompletion } from './commands/completion.js';
import { registerControl } from './commands/control.js';
import { registerDiagnose } from './commands/diagnose.js';
import { registerExports } from './commands/exports.js';
import { registerList } from './commands/list.js';
import { registerOpen } from './commands/open.js';
import { registerService } from './commands/service.js';
import { registerStatus } from './commands/status.js';
import { registerUrl } from './commands/url.js';

const defaultIo = (): Io => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
});

export function buildProgram(deps: CliDeps, io: Io, setExit: (code: number) => void): Command {
  const program = new Command('porthole');
  const ctx = new CliContext(io, () => program.opts<GlobalOptions>());
  const run: CommandKit['run'] = async (action) => {
    try {
      setExit((await action()) ?? 0);
    } catch (error) {
      setExit(reportError(ctx, error));
    }
  };
  program
    .description('Porthole: SSM tunnels to private AWS databases, from the command line (a client of the running daemon).')
    .version(deps.version, '-V, --version')
    .option('--config-dir <path>', "the daemon's config folder (default: PORTHOLE_CONFIG_DIR, else the platform's)")
    .option('--json', 'machine-readable output')
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      // Commander's own errors, as one line like every other failure.
      outputError: (text, write) =>
        write(
          `porthole: ${text
            .replace(/^error: /, '')
            .trim()
            .replace(/\s*\n\s*/g, ' ')} (see --help)\n`,
        ),
    })
    .exitOverride();

  program
    .command('start')
    .description('run the daemon in the foreground (its own flags follow: --port, --no-open, …; see porthole start --help)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[daemon-flags...]')
    .action((args: string[]) =>
      run(async () => {
        const configDir = program.opts<GlobalOptions>().configDir;
        return deps.startDaemon([...(configDir ? ['--config-dir', configDir] : []), ...args]);
      }),
    );

  const kit: CommandKit = { ctx, deps, run };
  registerOpen(program, kit);
  registerStatus(program, kit);
  registerList(program, kit);
  registerControl(program, kit);
  registerClients(program, kit);
  registerUrl(program, kit);
  registerDiagnose(program, kit);
  registerExports(program, kit);
  registerService(program, kit);
  registerCompletion(program, kit);
  return program;
}

function reportError(ctx: CliContext, error: unknown): number {
  const failure = error instanceof CliError ? error : new CliError(`Unexpected error: ${(error as Error)?.message ?? String(error)}`);
  if (ctx.json) ctx.io.stdout(`${JSON.stringify({ error: { code: failure.code, message: failure.message, hint: failure.hint } })}\n`);
  ctx.io.stderr(`porthole: ${failure.line()}\n`);
  return failure.exitCode;
}

/** Runs one command line; returns the exit code (never exits the process itself). */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const io = deps.io ?? defaultIo();
  let code = 0;
  const program = buildProgram(deps, io, (value) => (code = value));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end the parse this way too, with exit code 0; usage errors get 2.
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return code;
}
