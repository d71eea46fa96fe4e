/**
 * Where a loading message points: a chain of locations from the rules file
 * down to the item, key or condition token concerned, printed the way Falco
 * prints it ("In rule 'x': (file:3:2)" then indented parents), plus the
 * one-line snippet with a caret under the position.
 */
import { ITEM_TYPES } from './codes.js';
import type { ItemType } from './codes.js';
import type { JsonValue } from './json-text.js';
import type { Mark } from './yaml-doc.js';

export interface Location {
  /** The file name, or for a condition expression its quoted first characters. */
  name: string;
  /** yaml-cpp-style position: 0-based byte offset, line and column (condition locations add parser positions). */
  pos: Mark;
  itemType: ItemType;
  itemName: string;
}

const ZERO: Mark = { pos: 0, line: 0, column: 0 };

const SNIPPET_WIDTH = 160;

export class LoadContext {
  private constructor(
    readonly locations: readonly Location[],
    /** Text the snippet is cut from instead of the file (a condition), when not empty. */
    readonly altContent: string,
  ) {}

  /** The whole rules file. */
  static root(fileName: string): LoadContext {
    return new LoadContext([{ name: fileName, pos: ZERO, itemType: ITEM_TYPES.rulesContent, itemName: '' }], '');
  }

  /** A YAML node inside the parent's file. */
  child(mark: Mark, itemType: ItemType, itemName = ''): LoadContext {
    return new LoadContext([...this.locations, { name: this.fileName, pos: mark, itemType, itemName }], '');
  }

  /**
   * A position inside a condition (or other) text. Falco offsets the parser's
   * 1-based position by the parent's yaml position, and names the location
   * after the first characters of the text.
   */
  inCondition(pos: { offset: number; line: number; col: number }, condition: string): LoadContext {
    const parent = this.locations[this.locations.length - 1]!.pos;
    let name = `"${condition.length > 20 ? `${condition.slice(0, 17)}..."` : `${condition}"`}`;
    name = name.replace(/[\n\r]/g, ' ');
    const at: Mark = { pos: pos.offset + parent.pos, line: pos.line + parent.line, column: pos.col + parent.column };
    return new LoadContext(
      [...this.locations, { name, pos: at, itemType: ITEM_TYPES.conditionExpression, itemName: '' }],
      condition,
    );
  }

  get fileName(): string {
    return this.locations[0]!.name;
  }

  /** "In rule 'x': (file:2:2)\n    rule condition: (file:4:13)\n". */
  asText(): string {
    let out = '';
    this.locations.forEach((loc, i) => {
      out += i === 0 ? 'In ' : '    ';
      out += loc.itemType;
      if (loc.itemName !== '') out += ` '${loc.itemName}'`;
      out += `: (${loc.name}:${loc.pos.line}:${loc.pos.column})\n`;
    });
    return out;
  }

  asJson(): { locations: JsonValue[] } {
    return {
      locations: this.locations.map((loc) => ({
        item_type: loc.itemType,
        item_name: loc.itemName,
        position: { name: loc.name, line: loc.pos.line, column: loc.pos.column, offset: loc.pos.pos },
      })),
    };
  }

  /**
   * The line around the last location's position, cut to 80 bytes each side
   * (with "..." where cut), then a line with a caret under the position.
   */
  snippet(contents: ReadonlyMap<string, string>): string {
    const loc = this.locations[this.locations.length - 1]!;
    const file = contents.get(loc.name);
    if (this.altContent === '' && file === undefined) return `<No context for file + ${loc.name}>\n`;
    const text = this.altContent !== '' ? this.altContent : file!;
    if (text === '') return '<No context available>\n';
    return cutSnippet(Buffer.from(text, 'utf8'), loc.pos.pos);
  }
}

/**
 * Falco's snippet cut, including what its unsigned arithmetic does when the
 * position is 0 on a leading line break (the rest of the text is shown,
 * without caret): a negative difference below stands for a huge size_t.
 */
function cutSnippet(content: Buffer, position: number): string {
  const half = SNIPPET_WIDTH / 2;
  const NL = 0x0a;
  const unsigned = (n: number): number => (n < 0 ? Number.MAX_SAFE_INTEGER : n);
  // A position at or past the end (a dangling `key:` at end of file) or on a
  // line break moves back to the last character of the line before.
  let pos = Math.max(0, position);
  while (pos > 0 && (pos >= content.length || content[pos] === NL)) pos--;
  let from = pos;
  while (from > 0 && content[from] !== NL && pos - from < half) from--;
  let to = pos;
  while (to < content.length - 1 && content[to] !== NL && to - pos < half) to++;
  if (from < content.length && content[from] === NL) from++;
  if (to < content.length && content[to] === NL) to--;
  const length = unsigned(to - from + 1);
  let line = content.subarray(from, Math.min(content.length, from + length)).toString('utf8');
  if (line === '') return '<No context available>\n';
  if (unsigned(pos - from) >= half) line = '...' + line.slice(3);
  if (unsigned(to - pos) >= half) line = line.slice(0, Math.max(0, line.length - 3)) + '...';
  let out = line + '\n';
  if (unsigned(pos - from) <= line.length) out += ' '.repeat(pos - from) + '^\n';
  return out;
}
