import type { Mark } from './node.js';

/**
 * A configuration problem that stops falconet, with the one-line message the
 * user sees (Falco's wording where Falco has one) and, when known, where it is.
 */
export class ConfigError extends Error {
  /** The configuration file concerned ("default" for the built-in defaults). */
  readonly file?: string;
  /** 1-based line and column in `file`, when the problem is tied to a node. */
  readonly line?: number;
  readonly column?: number;
  /** The configuration key concerned, in `-o` syntax (`engine.kind`, `rules[0]`). */
  readonly key?: string;

  constructor(message: string, where: { file?: string; line?: number; column?: number; key?: string } = {}) {
    super(message);
    this.name = 'ConfigError';
    if (where.file !== undefined) this.file = where.file;
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
    if (where.key !== undefined) this.key = where.key;
  }

  static at(message: string, mark: Mark | undefined, key?: string): ConfigError {
    const where: { file?: string; line?: number; column?: number; key?: string } = {};
    if (mark) { where.file = mark.file; where.line = mark.line; where.column = mark.column; }
    if (key !== undefined) where.key = key;
    return new ConfigError(message, where);
  }
}

/**
 * The message of a value that cannot be read as the type its key needs (Falco
 * reports yaml-cpp's "bad conversion", with the node's position when it has one).
 */
export function badConversion(mark: Mark | undefined, key: string): ConfigError {
  const at = mark ? `error at line ${mark.line}, column ${mark.column} of ${mark.file}: ` : '';
  return ConfigError.at(`${at}bad conversion (key '${key}')`, mark, key);
}
