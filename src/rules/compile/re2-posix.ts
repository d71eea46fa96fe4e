/**
 * The `regex` operator. libs compiles the operand with RE2 in POSIX mode
 * (`RE2::POSIX`: egrep syntax, no Perl extensions) and requires the whole
 * value to match (ANCHOR_BOTH). JavaScript has no RE2, so this module parses
 * the RE2-POSIX syntax itself — accepting and rejecting what RE2 does, with
 * RE2's error texts — and writes an equivalent JavaScript RegExp.
 *
 * Semantics carried over: `.` matches any character but `\n`; `^`/`$` match
 * at line starts/ends (RE2's POSIX mode is not one-line); no case folding;
 * repetition counts up to 1000. Not carried over: RE2 runs in linear time,
 * a JavaScript RegExp backtracks (pathological patterns can be slow).
 */

/** Parse tree of the accepted syntax. */
type Node =
  | { kind: 'empty' }
  | { kind: 'char'; cp: number }
  | { kind: 'any' }
  | { kind: 'bol' }
  | { kind: 'eol' }
  | { kind: 'class'; negated: boolean; ranges: Array<[number, number]> }
  | { kind: 'group'; body: Node }
  | { kind: 'concat'; items: Node[] }
  | { kind: 'alt'; items: Node[] }
  | { kind: 'star' | 'plus' | 'quest'; sub: Node }
  | { kind: 'repeat'; sub: Node; min: number; max: number };

export type RegexResult = { ok: true; source: string } | { ok: false; error: string };

const MAX_REPEAT = 1000;

class Re2Error extends Error {}

// Ranges of the POSIX classes RE2 knows ([:^name:] negates them).
const POSIX_CLASSES: Record<string, Array<[number, number]>> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x0, 0x7f]],
  blank: [[0x9, 0x9], [0x20, 0x20]],
  cntrl: [[0x0, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x9, 0xd], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

const MAX_CP = 0x10ffff;

function negateRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isAlnum = (c: string): boolean => /^[0-9A-Za-z]$/.test(c);

class Parser {
  /** Code points of the pattern, so that offsets count characters, not UTF-16 units. */
  private readonly t: string[];
  private i = 0;

  constructor(private readonly whole: string) {
    this.t = Array.from(whole);
  }

  private fail(code: string, arg = ''): never {
    throw new Re2Error(arg === '' ? code : `${code}: ${arg}`);
  }

  private text(from: number, to: number): string {
    return this.t.slice(from, to).join('');
  }

  parse(): Node {
    const node = this.alternation(0);
    if (this.i < this.t.length) {
      // only an unbalanced ')' stops the top level early
      this.fail('unexpected )', this.whole);
    }
    return node;
  }

  private alternation(depth: number): Node {
    const items: Node[] = [this.concatenation(depth)];
    while (this.t[this.i] === '|') {
      this.i++;
      items.push(this.concatenation(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'alt', items };
  }

  private concatenation(depth: number): Node {
    const items: Node[] = [];
    for (;;) {
      const c = this.t[this.i];
      if (c === undefined || c === '|') break;
      if (c === ')') {
        if (depth === 0) this.fail('unexpected )', this.whole);
        break;
      }
      if (c === '*' || c === '+' || c === '?') {
        this.i++;
        this.applyRepeat(items, c === '*' ? 'star' : c === '+' ? 'plus' : 'quest', c);
        continue;
      }
      if (c === '{') {
        const rep = this.repetition();
        if (rep !== undefined) {
          this.applyCount(items, rep.min, rep.max, rep.text);
          continue;
        }
        this.i++;
        items.push({ kind: 'char', cp: 0x7b });
        continue;
      }
      items.push(this.atom(depth));
    }
    if (items.length === 0) return { kind: 'empty' };
    return items.length === 1 ? items[0]! : { kind: 'concat', items };
  }

  private applyRepeat(items: Node[], op: 'star' | 'plus' | 'quest', text: string): void {
    const last = items[items.length - 1];
    if (last === undefined) this.fail('no argument for repetition operator', text);
    // RE2 squashes stacked operators: a** is a*, and any mix of * + ? is *
    if (last.kind === op) return;
    if (last.kind === 'star' || last.kind === 'plus' || last.kind === 'quest') {
      items[items.length - 1] = { kind: 'star', sub: last.sub };
      return;
    }
    items[items.length - 1] = { kind: op, sub: last };
  }

  private applyCount(items: Node[], min: number, max: number, text: string): void {
    if ((max !== -1 && max < min) || min > MAX_REPEAT || max > MAX_REPEAT) {
      this.fail('invalid repetition size', text);
    }
    const last = items[items.length - 1];
    if (last === undefined) this.fail('no argument for repetition operator', text);
    const node: Node = { kind: 'repeat', sub: last, min, max };
    if ((min >= 2 || max >= 2) && repetitionBudget(node, MAX_REPEAT) === 0) {
      this.fail('invalid repetition size', text);
    }
    items[items.length - 1] = node;
  }

  /** `{n}`, `{n,}`, `{n,m}` at the cursor; undefined (cursor unchanged) when not one. */
  private repetition(): { min: number; max: number; text: string } | undefined {
    const start = this.i;
    let k = start + 1;
    const int = (): number | undefined => {
      if (!isDigit(this.t[k])) return undefined;
      if (this.t[k] === '0' && isDigit(this.t[k + 1])) return undefined; // no leading zeros
      let n = 0;
      while (isDigit(this.t[k])) {
        if (n >= 100000000) return undefined;
        n = n * 10 + Number(this.t[k]);
        k++;
      }
      return n;
    };
    const min = int();
    if (min === undefined || k >= this.t.length) return undefined;
    let max = min;
    if (this.t[k] === ',') {
      k++;
      if (k >= this.t.length) return undefined;
      if (this.t[k] === '}') max = -1;
      else {
        const m = int();
        if (m === undefined) return undefined;
        max = m;
      }
    }
    if (this.t[k] !== '}') return undefined;
    k++;
    this.i = k;
    return { min, max, text: this.text(start, k) };
  }

  private atom(depth: number): Node {
    const c = this.t[this.i]!;
    switch (c) {
      case '(': {
        this.i++;
        const body = this.alternation(depth + 1);
        if (this.t[this.i] !== ')') this.fail('missing )', this.whole);
        this.i++;
        return { kind: 'group', body };
      }
      case '^':
        this.i++;
        return { kind: 'bol' };
      case '$':
        this.i++;
        return { kind: 'eol' };
      case '.':
        this.i++;
        return { kind: 'any' };
      case '[':
        return this.charClass();
      case '\\':
        return { kind: 'char', cp: this.escape() };
      default:
        this.i++;
        return { kind: 'char', cp: c.codePointAt(0)! };
    }
  }

  /** A backslash escape at the cursor, as RE2's ParseEscape without Perl extensions. */
  private escape(): number {
    const begin = this.i;
    if (this.i + 1 >= this.t.length) this.fail('trailing \\');
    this.i++;
    const c = this.t[this.i++]!;
    const bad = (): never => this.fail('invalid escape sequence', this.text(begin, this.i));
    if (c >= '1' && c <= '7') {
      // a lone non-zero digit would be a backreference
      const d = this.t[this.i];
      if (d === undefined || d < '0' || d > '7') bad();
    }
    if (c >= '0' && c <= '7') {
      let code = Number(c);
      for (let n = 0; n < 2; n++) {
        const d = this.t[this.i];
        if (d === undefined || d < '0' || d > '7') break;
        code = code * 8 + Number(d);
        this.i++;
      }
      return code;
    }
    switch (c) {
      case 'x': {
        if (this.i >= this.t.length) bad();
        let d = this.t[this.i++]!;
        if (d === '{') {
          let nhex = 0;
          let code = 0;
          if (this.i >= this.t.length) this.fail('invalid UTF-8');
          d = this.t[this.i++]!;
          while (isHex(d)) {
            nhex++;
            code = code * 16 + parseInt(d, 16);
            if (code > MAX_CP) bad();
            if (this.i >= this.t.length) bad();
            d = this.t[this.i++]!;
          }
          if (d !== '}' || nhex === 0) bad();
          return code;
        }
        if (this.i >= this.t.length) bad();
        const e = this.t[this.i++]!;
        if (!isHex(d) || !isHex(e)) bad();
        return parseInt(d + e, 16);
      }
      case 'n': return 0x0a;
      case 'r': return 0x0d;
      case 't': return 0x09;
      case 'a': return 0x07;
      case 'f': return 0x0c;
      case 'v': return 0x0b;
      default:
        if (c.codePointAt(0)! < 0x80 && !isAlnum(c)) return c.codePointAt(0)!;
        return bad();
    }
  }

  private charClass(): Node {
    const start = this.i;
    const wholeClass = (): string => this.text(start, this.t.length);
    this.i++; // '['
    let negated = false;
    if (this.t[this.i] === '^') {
      negated = true;
      this.i++;
    }
    const ranges: Array<[number, number]> = [];
    let first = true;
    while (this.i < this.t.length && (this.t[this.i] !== ']' || first)) {
      const c = this.t[this.i]!;
      // '-' is only allowed unescaped first or last
      if (c === '-' && !first && this.t[this.i + 1] !== ']' && this.i + 1 < this.t.length) {
        this.fail('invalid character class range', this.text(this.i, this.i + 2));
      }
      if (c === '-' && !first && this.i + 1 >= this.t.length) {
        // RE2 reads the (missing) character after '-' and reports bad UTF-8
        this.fail('invalid UTF-8');
      }
      first = false;
      if (c === '[' && this.t[this.i + 1] === ':' && this.t.length - this.i > 2) {
        const close = this.findPosixClassEnd();
        if (close !== undefined) {
          const name = this.text(this.i, close);
          const inner = name.slice(2, -2);
          const neg = inner.startsWith('^');
          const set = POSIX_CLASSES[neg ? inner.slice(1) : inner];
          if (set === undefined) this.fail('invalid character class range', name);
          ranges.push(...(neg ? negateRanges(set) : set));
          this.i = close;
          continue;
        }
      }
      const rangeStart = this.i;
      const lo = this.classChar(wholeClass);
      let hi = lo;
      if (this.t[this.i] === '-' && this.i + 1 < this.t.length && this.t[this.i + 1] !== ']') {
        this.i++;
        hi = this.classChar(wholeClass);
        if (hi < lo) this.fail('invalid character class range', this.text(rangeStart, this.i));
      }
      ranges.push([lo, hi]);
    }
    if (this.i >= this.t.length) this.fail('missing ]', wholeClass());
    this.i++; // ']'
    return { kind: 'class', negated, ranges };
  }

  /** Index just past `:]` for a `[:name:]` at the cursor, if there is one. */
  private findPosixClassEnd(): number | undefined {
    for (let k = this.i + 2; k + 1 < this.t.length; k++) {
      if (this.t[k] === ':' && this.t[k + 1] === ']') return k + 2;
    }
    return undefined;
  }

  private classChar(wholeClass: () => string): number {
    if (this.i >= this.t.length) this.fail('missing ]', wholeClass());
    if (this.t[this.i] === '\\') return this.escape();
    return this.t[this.i++]!.codePointAt(0)!;
  }
}

/** RE2's check that nested counted repetitions stay within 1000 copies. */
function repetitionBudget(node: Node, budget: number): number {
  let arg = budget;
  if (node.kind === 'repeat') {
    const m = node.max < 0 ? node.min : node.max;
    if (m > 0) arg = Math.floor(arg / m);
  }
  let least = arg;
  for (const child of children(node)) least = Math.min(least, repetitionBudget(child, arg));
  return least;
}

function children(node: Node): Node[] {
  switch (node.kind) {
    case 'group': return [node.body];
    case 'concat':
    case 'alt': return node.items;
    case 'star':
    case 'plus':
    case 'quest':
    case 'repeat': return [node.sub];
    default: return [];
  }
}

const cpEscape = (cp: number): string => `\\u{${cp.toString(16)}}`;

function emitChar(cp: number): string {
  return /[A-Za-z0-9_ ]/.test(String.fromCodePoint(cp)) && cp < 0x80 ? String.fromCodePoint(cp) : cpEscape(cp);
}

function emit(node: Node): string {
  switch (node.kind) {
    case 'empty': return '';
    case 'char': return emitChar(node.cp);
    case 'any': return '[^\\n]';
    case 'bol': return '(?:^|(?<=\\n))';
    case 'eol': return '(?:$|(?=\\n))';
    case 'class': {
      if (node.ranges.length === 0) return node.negated ? '[^]' : '[]';
      const body = node.ranges.map(([lo, hi]) => (lo === hi ? cpEscape(lo) : `${cpEscape(lo)}-${cpEscape(hi)}`)).join('');
      return `[${node.negated ? '^' : ''}${body}]`;
    }
    case 'group': return `(?:${emit(node.body)})`;
    case 'concat': return node.items.map(emit).join('');
    case 'alt': return node.items.map(emit).join('|');
    case 'star': return `(?:${emit(node.sub)})*`;
    case 'plus': return `(?:${emit(node.sub)})+`;
    case 'quest': return `(?:${emit(node.sub)})?`;
    case 'repeat': {
      const count = node.max === -1 ? `{${node.min},}` : node.max === node.min ? `{${node.min}}` : `{${node.min},${node.max}}`;
      return `(?:${emit(node.sub)})${count}`;
    }
  }
}

/** Translates an RE2-POSIX pattern; on rejection, RE2's error text. */
export function translateRe2Posix(pattern: string): RegexResult {
  try {
    const tree = new Parser(pattern).parse();
    return { ok: true, source: `^(?:${emit(tree)})$` };
  } catch (e) {
    if (e instanceof Re2Error) return { ok: false, error: e.message };
    throw e;
  }
}

/** A full-match tester for the pattern, or RE2's error text. */
export function compileRegex(pattern: string): { ok: true; regex: RegExp } | { ok: false; error: string } {
  const r = translateRe2Posix(pattern);
  if (!r.ok) return r;
  return { ok: true, regex: new RegExp(r.source, 'u') };
}
