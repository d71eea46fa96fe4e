/**
 * How an application step stops falconet with an error. Falco prints a
 * failed step as "Error: <message>", and an exception nobody handled as
 * "Runtime error: <message>. Exiting."; falconet keeps both forms. The
 * process exits with `exitCode` (1, Falco's EXIT_FAILURE, unless a step says otherwise).
 */
export class Fatal extends Error {
  constructor(message: string, readonly exitCode = 1, readonly form: 'error' | 'runtime' = 'error') {
    super(message);
    this.name = 'Fatal';
  }

  /** The line written to stderr. */
  text(): string {
    return this.form === 'runtime' ? `Runtime error: ${this.message}. Exiting.\n` : `Error: ${this.message}\n`;
  }
}
