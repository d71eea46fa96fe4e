/**
 * The lexical layer of the condition parser: a cursor over the condition
 * text that recognises Falco's tokens on demand (the grammar is
 * context-dependent, so there is no separate token stream), remembers the
 * last token for error messages, and reports positions the way libsinsp
 * counts them.
 */

import type { Position } from './ast.js';
import { unescapeString } from './escaping.js';

// POSIX [[:space:]]: what the token patterns treat as a separator.
const SPACE = '\\t\\n\\v\\f\\r ';

/**
 * Token shapes (sticky, so they match only at the cursor). Falco writes a
 * name as `[a-zA-Z]+[a-zA-Z0-9_]*`; the equivalent `[a-zA-Z][a-zA-Z0-9_]*`
 * used here cannot backtrack quadratically on a long word.
 */
const TOKEN_PATTERNS = {
  notBlank: new RegExp(`not[${SPACE}]+`, 'y'),
  identifier: /[a-zA-Z][a-zA-Z0-9_]*/y,
  fieldName: /[a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z][a-zA-Z0-9_]*)+/y,
  fieldArgBare: new RegExp(`[^\\]\\["'${SPACE}]+`, 'y'),
  hexNumber: /0[xX][0-9a-fA-F]+/y,
  number: /[+-]?[0-9]+\.?[0-9]*(?:[eE][+-][0-9]+)?/y,
  bareString: new RegExp(`[^()"'${SPACE}=,]+`, 'y'),
} as const;

export type TokenPattern = keyof typeof TOKEN_PATTERNS;

/** Whole-string versions of the token shapes, for deciding how to print a value. */
export function matchesWholly(pattern: TokenPattern, text: string): boolean {
  const re = TOKEN_PATTERNS[pattern];
  re.lastIndex = 0;
  const m = re.exec(text);
  return m !== null && m[0].length === text.length;
}

/** Characters skipped between tokens (note: a backspace counts, a vertical tab does not). */
function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x08 || code === 0x0d || code === 0x0a;
}

function isAsciiAlnum(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** Outcome of reading a quoted literal at the cursor. */
export type QuotedToken =
  | { kind: 'none' }
  | { kind: 'ok'; value: string }
  | { kind: 'bad-escape'; message: string };

/** Cursor state that can be saved and restored for backtracking. */
export interface ScannerMark {
  index: number;
  lastToken: string;
}

/**
 * Converts string indices into libsinsp positions: offsets and columns count
 * UTF-8 bytes, and both `\r` and `\n` start a new line (so `\r\n` counts two).
 * Requests arrive almost always in increasing order, so the tracker walks
 * forward from the previous answer and restarts only when asked to go back.
 */
class PositionTracker {
  private index = 0;
  private offset = 0;
  private line = 1;
  private col = 1;

  constructor(private readonly text: string) {}

  at(target: number): Position {
    if (target < this.index) {
      this.index = 0;
      this.offset = 0;
      this.line = 1;
      this.col = 1;
    }
    const text = this.text;
    let { index, offset, line, col } = this;
    while (index < target) {
      const code = text.charCodeAt(index);
      let bytes: number;
      let units = 1;
      if (code < 0x80) {
        bytes = 1;
      } else if (code < 0x800) {
        bytes = 2;
      } else if (code >= 0xd800 && code <= 0xdbff && index + 1 < target) {
        const next = text.charCodeAt(index + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          bytes = 4;
          units = 2;
        } else {
          bytes = 3;
        }
      } else {
        bytes = 3;
      }
      offset += bytes;
      col += bytes;
      if (code === 0x0a || code === 0x0d) {
        line++;
        col = 1;
      }
      index += units;
    }
    this.index = index;
    this.offset = offset;
    this.line = line;
    this.col = col;
    return { offset, line, col };
  }
}

export class Scanner {
  /** Index of the next unread character. */
  index = 0;
  /**
   * The text of the most recent token, as libsinsp keeps it for its
   * "unexpected token after '…'" message (a quoted literal contributes its
   * unescaped value; blanks never count).
   */
  lastToken = '';

  private readonly positions: PositionTracker;
  private readonly hasNul: boolean;

  constructor(readonly text: string) {
    this.positions = new PositionTracker(text);
    this.hasNul = text.includes('\0');
  }

  get atEnd(): boolean {
    return this.index >= this.text.length;
  }

  position(): Position {
    return this.positions.at(this.index);
  }

  mark(): ScannerMark {
    return { index: this.index, lastToken: this.lastToken };
  }

  reset(mark: ScannerMark): void {
    this.index = mark.index;
    this.lastToken = mark.lastToken;
  }

  /** Skips blanks; true if there was at least one. */
  skipBlanks(): boolean {
    const start = this.index;
    const text = this.text;
    let i = start;
    while (i < text.length && isBlank(text.charCodeAt(i))) i++;
    this.index = i;
    return i > start;
  }

  /** Consumes `literal` if the text continues with it. */
  take(literal: string): boolean {
    if (!this.text.startsWith(literal, this.index)) return false;
    this.index += literal.length;
    this.lastToken = literal;
    return true;
  }

  /** Consumes the first of `literals` that the text continues with; returns it. */
  takeFirst<T extends string>(literals: readonly T[]): T | undefined {
    for (const literal of literals) {
      if (this.take(literal)) return literal;
    }
    return undefined;
  }

  /**
   * Consumes a keyword that must be followed by at least one blank (the
   * blanks are consumed too); backtracks if the blank is missing.
   */
  takeKeyword(word: string): boolean {
    const saved = this.mark();
    if (this.take(word)) {
      if (this.skipBlanks()) return true;
      this.reset(saved);
    }
    return false;
  }

  /** Consumes a token of the given shape; returns its text. */
  takePattern(pattern: TokenPattern): string | undefined {
    const re = TOKEN_PATTERNS[pattern];
    re.lastIndex = this.index;
    const m = re.exec(this.text);
    if (m === null) return undefined;
    this.index += m[0].length;
    this.lastToken = m[0];
    return m[0];
  }

  /** Whether the next characters are `word` and it is not the start of a longer word. */
  followedByWord(word: string): boolean {
    const text = this.text;
    if (!text.startsWith(word, this.index)) return false;
    // The text ends at a NUL for this check, as for the C string it mirrors.
    const after = this.index + word.length;
    return after >= text.length || !isAsciiAlnum(text.charCodeAt(after));
  }

  /** Whether a token of the given shape starts at the cursor (consumes nothing). */
  lookingAt(pattern: TokenPattern): boolean {
    const re = TOKEN_PATTERNS[pattern];
    re.lastIndex = this.index;
    return re.test(this.text);
  }

  peekChar(): string {
    return this.text.charAt(this.index);
  }

  /**
   * Reads a quoted literal. The literal ends at the first delimiter whose
   * preceding character is not a backslash; an unterminated literal
   * (including one cut by a NUL) consumes nothing. On a bad escape the
   * cursor stays after the closing quote, where Falco reports the error.
   */
  takeQuoted(): QuotedToken {
    const text = this.text;
    const start = this.index;
    const delimiter = text.charAt(start);
    if (delimiter !== '"' && delimiter !== "'") return { kind: 'none' };
    const close = this.findClosingQuote(start, delimiter);
    const raw = text.slice(start, close < 0 ? this.stringEnd(start) : close + 1);
    // Falco keeps the raw text as last token while it reads, so even a failed read leaves it there.
    this.lastToken = raw;
    if (close < 0) return { kind: 'none' };
    this.index = close + 1;
    const decoded = unescapeString(raw);
    if (!decoded.ok) return { kind: 'bad-escape', message: decoded.message };
    this.lastToken = decoded.value;
    return { kind: 'ok', value: decoded.value };
  }

  private findClosingQuote(start: number, delimiter: string): number {
    const text = this.text;
    const limit = this.stringEnd(start);
    let i = start + 1;
    for (;;) {
      const j = text.indexOf(delimiter, i);
      if (j < 0 || j >= limit) return -1;
      if (text.charCodeAt(j - 1) !== 0x5c /* \ */) return j;
      i = j + 1;
    }
  }

  /** Where a C-string view of the text starting at `from` ends (first NUL, else the end). */
  private stringEnd(from: number): number {
    if (!this.hasNul) return this.text.length;
    const nul = this.text.indexOf('\0', from);
    return nul < 0 ? this.text.length : nul;
  }
}
