import type { ApiError } from '../shared/api.js';

/** A failure the user reads as one line: what happened, then what to do. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly code = 'CLI_ERROR',
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }

  static fromApi(error: ApiError): CliError {
    return new CliError(error.message, error.hint, error.code);
  }

  /** One line, whatever the message held. */
  line(): string {
    return [this.message, this.hint]
      .filter(Boolean)
      .join(' ')
      .replace(/\s*[\r\n]+\s*/g, ' ');
  }
}
