// What every command gets: where to write, the environment, the global options, and a daemon client made on
// first use (so `completion`, `service` and `--help` work without a daemon).
import { DaemonClient } from './daemon-client.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface GlobalOptions {
  configDir?: string;
  json?: boolean;
}

export class CliContext {
  private connection: Promise<DaemonClient> | undefined;

  constructor(
    readonly io: Io,
    private readonly globals: () => GlobalOptions,
  ) {}

  get json(): boolean {
    return this.globals().json === true;
  }

  /** `--config-dir`, else `PORTHOLE_CONFIG_DIR`, else the platform's folder: the same rule as the daemon's. */
  get configDir(): string | undefined {
    return this.globals().configDir ?? (this.io.env.PORTHOLE_CONFIG_DIR || undefined);
  }

  client(): Promise<DaemonClient> {
    this.connection ??= DaemonClient.connect(this.configDir, this.io.env);
    return this.connection;
  }

  /** Prints `value` as JSON with --json, else the human text (a trailing line break is added when missing). */
  print(human: string | (() => string), value: unknown): void {
    if (this.json) {
      this.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
      return;
    }
    const text = typeof human === 'string' ? human : human();
    if (text) this.io.stdout(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** A line for people (stderr), never mixed into what a script reads on stdout. */
  note(text: string): void {
    this.io.stderr(`${text}\n`);
  }
}
