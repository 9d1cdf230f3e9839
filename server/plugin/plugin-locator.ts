import type { PluginStatus } from '../../shared/api.js';

/**
 * The plugin as the daemon knows it, one copy for everybody (status API and tunnel starts). Looked up at
 * start; looked up again by a tunnel start only while it is missing (the user may install it meanwhile, and
 * `--version` should not run for every start); looked up again whenever the user asks for a recheck.
 */
export class PluginLocator {
  private constructor(
    private readonly lookup: () => Promise<PluginStatus>,
    private status: PluginStatus,
  ) {}

  static async create(lookup: () => Promise<PluginStatus>): Promise<PluginLocator> {
    return new PluginLocator(lookup, await lookup());
  }

  /** The latest lookup's result. */
  get last(): PluginStatus {
    return this.status;
  }

  /** What a tunnel start uses; `appeared` says a missing plugin has just been found. */
  async current(): Promise<{ status: PluginStatus; appeared: boolean }> {
    if (this.status.found) return { status: this.status, appeared: false };
    this.status = await this.lookup();
    return { status: this.status, appeared: this.status.found };
  }

  async recheck(): Promise<PluginStatus> {
    this.status = await this.lookup();
    return this.status;
  }
}
