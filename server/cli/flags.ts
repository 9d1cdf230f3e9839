import { parseArgs } from 'node:util';
import { defaultConfigDir } from '../platform.js';
import { DEFAULT_PORT } from './commands.js';

export interface DaemonFlags {
  command: 'start' | 'open' | 'help';
  host: string;
  port: number;
  configDir: string;
  plugin?: string;
  open: boolean;
  logLevel: string;
  unsafeListenAny: boolean;
  label?: string;
}

export const USAGE = `Usage: porthole [open] [options]

Starts the Porthole daemon on 127.0.0.1 and opens its dashboard.
  open                     open the dashboard of a running daemon in the browser (npm run open)

Options (each also read from the environment variable shown):
  --port <n>               port to listen on; 0 picks a free one        PORTHOLE_PORT (default ${DEFAULT_PORT})
  --config-dir <path>      where config.json and the token live         PORTHOLE_CONFIG_DIR
                           (default: ${defaultConfigDir()})
  --plugin <path>          path to session-manager-plugin                PORTHOLE_PLUGIN (default: PATH)
  --no-open                do not open the dashboard in a browser        PORTHOLE_NO_OPEN=1
  --log-level <level>      fatal|error|warn|info|debug|trace|silent      PORTHOLE_LOG_LEVEL (default info)
  --label <text>           a badge for the dashboard header, e.g. "work"     PORTHOLE_LABEL
  --host <address>         listen address; only loopback unless the next flag is given   PORTHOLE_HOST
  --unsafe-listen-any      allow a non-loopback --host (anyone who can reach it and has the token controls your tunnels)
  -h, --help               show this help
`;

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export class FlagError extends Error {}

/** Parses argv and the environment into flags; flags win over environment variables. */
export function parseFlags(argv: string[], env: NodeJS.ProcessEnv = process.env): DaemonFlags {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        'config-dir': { type: 'string' },
        plugin: { type: 'string' },
        'no-open': { type: 'boolean' },
        'log-level': { type: 'string' },
        host: { type: 'string' },
        label: { type: 'string' },
        'unsafe-listen-any': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new FlagError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const positional = positionals[0];
  if (positional !== undefined && positional !== 'open' && positional !== 'start') {
    throw new FlagError(`Unknown command "${positional}".`);
  }
  const command = values.help ? 'help' : positional === 'open' ? 'open' : 'start';

  const portText = values.port ?? env.PORTHOLE_PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new FlagError(`--port must be a number from 0 to 65535, not "${portText}".`);

  const logLevel = values['log-level'] ?? env.PORTHOLE_LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.has(logLevel)) throw new FlagError(`--log-level must be one of ${[...LOG_LEVELS].join(', ')}.`);

  const envNoOpen = env.PORTHOLE_NO_OPEN !== undefined && env.PORTHOLE_NO_OPEN !== '' && env.PORTHOLE_NO_OPEN !== '0';
  return {
    command,
    host: values.host ?? env.PORTHOLE_HOST ?? '127.0.0.1',
    port,
    configDir: values['config-dir'] ?? (env.PORTHOLE_CONFIG_DIR || defaultConfigDir(env)),
    plugin: values.plugin ?? (env.PORTHOLE_PLUGIN || undefined),
    open: !(values['no-open'] ?? envNoOpen),
    logLevel,
    unsafeListenAny: values['unsafe-listen-any'] ?? false,
    label: (values.label ?? env.PORTHOLE_LABEL)?.slice(0, 40) || undefined,
  };
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}
