import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import type { ConfigNotice } from '../../shared/api.js';
import { ConfigSchema, defaultConfig, type Config } from './schema.js';
import { ensurePrivateDir, writeFileAtomic } from './files.js';

export const CONFIG_FILE = 'config.json';

/**
 * The user's config.json: validated once on load, then held in memory. Saves are queued so two
 * concurrent updates never interleave, and every save replaces the file atomically (mode 0600).
 * A file that fails to parse or validate is moved aside, never overwritten.
 */
export class ConfigStore {
  private current: Config;
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    initial: Config,
    readonly notice: ConfigNotice | undefined,
    private readonly now: () => Date,
  ) {
    this.current = initial;
  }

  get path(): string {
    return join(this.dir, CONFIG_FILE);
  }

  static async open(dir: string, now: () => Date = () => new Date()): Promise<ConfigStore> {
    await ensurePrivateDir(dir);
    const path = join(dir, CONFIG_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new ConfigStore(dir, defaultConfig(), undefined, now);
      throw error;
    }
    const problem = validationProblem(text);
    if (problem === undefined) return new ConfigStore(dir, withDefaults(JSON.parse(text)), undefined, now);

    const brokenPath = `${path}.broken-${now().toISOString().replace(/[:.]/g, '-')}`;
    await rename(path, brokenPath);
    const notice = {
      message: `config.json could not be used (${problem}); Porthole started with defaults. Your file was kept as ${brokenPath}.`,
      brokenPath,
    };
    return new ConfigStore(dir, defaultConfig(), notice, now);
  }

  /** The config as loaded or last saved. Treat it as read-only; change it with `update`. */
  get(): Config {
    return this.current;
  }

  /**
   * Applies `change` to a copy of the config and saves it. Updates run one after another in call
   * order, each seeing the result of the one before.
   */
  update(change: (draft: Config) => void): Promise<Config> {
    const run = this.saving.then(async () => {
      const draft = structuredClone(this.current);
      change(draft);
      if (!Value.Check(ConfigSchema, draft)) {
        throw new Error(`refusing to save an invalid config: ${firstError(draft)}`);
      }
      await writeFileAtomic(this.path, `${JSON.stringify(draft, null, 2)}\n`);
      this.current = draft;
      return draft;
    });
    // The queue continues after a failed save; the caller still sees the failure.
    this.saving = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}

/** Fills settings added in later versions so an older valid file still loads. */
function withDefaults(parsed: unknown): Config {
  const defaults = defaultConfig();
  const object = parsed as Partial<Config>;
  return { ...defaults, ...object, settings: { ...defaults.settings, ...(object.settings ?? {}) } };
}

function validationProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'it is not valid JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'it is not a JSON object';
  const filled = withDefaults(parsed);
  return Value.Check(ConfigSchema, filled) ? undefined : firstError(filled);
}

function firstError(value: unknown): string {
  const error = Value.Errors(ConfigSchema, value).First();
  return error ? `${error.path || '/'}: ${error.message}` : 'it does not match the expected shape';
}
