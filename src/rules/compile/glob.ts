/**
 * Shell-style wildcard matching with the semantics libs gets from glibc
 * `fnmatch(pattern, string, 0)` (or FNM_CASEFOLD for `iglob`) in the C locale:
 * `*` and `?` also match `/` and leading dots, `\` escapes, `[...]` with `!`
 * or `^` negation, ranges and `[:class:]` names, an unterminated `[` is a
 * literal. Matching is per byte, so non-ASCII text is compared as UTF-8 bytes,
 * and case folding only affects ASCII letters.
 */

const NON_ASCII = /[^\x00-\x7f]/;
const encoder = new TextEncoder();

/** The UTF-8 bytes of `s`, one char per byte (so indices are byte offsets). */
function byteString(s: string): string {
  if (!NON_ASCII.test(s)) return s;
  const bytes = encoder.encode(s);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

const fold = (c: number, ci: boolean): number => (ci && c >= 65 && c <= 90 ? c + 32 : c);

const CLASSES: Record<string, (c: number) => boolean> = {
  alnum: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  blank: (c) => c === 32 || c === 9,
  cntrl: (c) => c < 32 || c === 127,
  digit: (c) => c >= 48 && c <= 57,
  graph: (c) => c > 32 && c < 127,
  lower: (c) => c >= 97 && c <= 122,
  print: (c) => c >= 32 && c < 127,
  punct: (c) => c > 32 && c < 127 && !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)),
  space: (c) => c === 32 || (c >= 9 && c <= 13),
  upper: (c) => c >= 65 && c <= 90,
  xdigit: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
};

/** Outcome of a bracket expression at one subject position. */
const enum Bracket {
  /** The bracket matched the character; continue after the closing `]`. */
  Match,
  /** Valid bracket, character not in it. */
  NoMatch,
  /** Malformed in a way that makes glibc give up on the whole attempt. */
  Fail,
  /** No closing `]`: the `[` is an ordinary character. */
  Literal,
}

class Matcher {
  constructor(private readonly p: string, private readonly s: string, private readonly ci: boolean) {}

  private end = 0;

  /** Reads `[name:]` at `i` (just after `[:`); returns the index after `:]`, or -1 if not a class name. */
  private className(i: number): { name: string; next: number } | -1 {
    let name = '';
    for (let k = i; k < this.p.length; k++) {
      const c = this.p.charCodeAt(k);
      if (c === 58 && this.p.charCodeAt(k + 1) === 93) return { name, next: k + 2 };
      // glibc's test: names are made of 'a'..'y'
      if (c < 97 || c >= 122) return -1;
      name += this.p[k];
    }
    return -1;
  }

  /** Evaluates the bracket whose `[` is at `start` against subject char `ch`; sets `this.end`. */
  private bracket(start: number, ch: number): Bracket {
    const p = this.p;
    const plen = p.length;
    // reading past the end yields 0, like the C string terminator
    const at = (k: number): number => (k < plen ? p.charCodeAt(k) : 0);
    let i = start + 1;
    const negated = at(i) === 33 || at(i) === 94;
    if (negated) i++;
    const fn = fold(ch, this.ci);
    let c = at(i++);
    let matched = false;
    scan: for (;;) {
      let ordinary = false;
      if (c === 92) {
        if (at(i) === 0) return Bracket.Fail;
        c = fold(at(i++), this.ci);
        ordinary = true;
      } else if (c === 91 && at(i) === 58) {
        const cls = this.className(i + 1);
        if (cls === -1) {
          ordinary = true;
        } else {
          const test = CLASSES[cls.name];
          if (test === undefined) return Bracket.Fail;
          i = cls.next;
          if (test(ch)) {
            matched = true;
            break scan;
          }
          c = at(i++);
        }
      } else if (c === 0) {
        return Bracket.Literal;
      } else if (c === 91 && at(i) === 61) {
        // [=x=]: in the C locale, the single character x
        const x = at(i + 1);
        if (x !== 0 && at(i + 2) === 61 && at(i + 3) === 93) {
          i += 4;
          if (x === ch) {
            matched = true;
            break scan;
          }
          c = at(i++);
        } else {
          ordinary = true;
        }
      } else {
        if (c === 91 && at(i) === 46) {
          // [.x.]: a collating symbol, the single character x in the C locale
          const x = at(i + 1);
          if (x !== 0 && at(i + 2) === 46 && at(i + 3) === 93) {
            c = x;
            i += 4;
          }
        }
        c = fold(c, this.ci);
        ordinary = true;
      }
      if (ordinary) {
        const isRange = at(i) === 45 && at(i + 1) !== 0 && at(i + 1) !== 93;
        if (!isRange && c === fn) {
          matched = true;
          break scan;
        }
        const cold = c;
        c = at(i++);
        if (c === 45 && at(i) !== 93) {
          let cend = at(i++);
          if (cend === 92) cend = at(i++);
          if (cend === 0) return Bracket.Fail;
          cend = fold(cend, this.ci);
          if (cold <= fn && fn <= cend) {
            matched = true;
            break scan;
          }
          c = at(i++);
        }
      }
      if (c === 93) break;
    }
    if (!matched) {
      this.end = i;
      return negated ? Bracket.Match : Bracket.NoMatch;
    }
    // skip what is left of the bracket after a match
    for (;;) {
      const d = at(i++);
      if (d === 0) return Bracket.Fail;
      if (d === 93) break;
      if (d === 92) {
        if (at(i) === 0) return Bracket.Fail;
        i++;
      } else if (d === 91 && at(i) === 58) {
        const cls = this.className(i + 1);
        if (cls !== -1) i = cls.next;
      } else if (d === 91 && at(i) === 61) {
        if (at(i + 1) === 0 || at(i + 2) !== 61 || at(i + 3) !== 93) return Bracket.Fail;
        i += 4;
      } else if (d === 91 && at(i) === 46) {
        let k = i + 1;
        while (!(at(k) === 46 && at(k + 1) === 93)) {
          if (at(k) === 0) return Bracket.Fail;
          k++;
        }
        i = k + 2;
      }
    }
    this.end = i;
    return negated ? Bracket.NoMatch : Bracket.Match;
  }

  match(pi: number, si: number): boolean {
    const p = this.p;
    const s = this.s;
    const plen = p.length;
    const slen = s.length;
    while (pi < plen) {
      let c = p.charCodeAt(pi++);
      switch (c) {
        case 63: // ?
          if (si >= slen) return false;
          si++;
          break;
        case 92: // backslash
          if (pi >= plen) return false;
          c = fold(p.charCodeAt(pi++), this.ci);
          if (si >= slen || fold(s.charCodeAt(si), this.ci) !== c) return false;
          si++;
          break;
        case 42: { // *
          while (pi < plen) {
            const d = p.charCodeAt(pi);
            if (d === 63) {
              if (si >= slen) return false;
              si++;
            } else if (d !== 42) break;
            pi++;
          }
          if (pi >= plen) return true;
          const next = p.charCodeAt(pi);
          if (next === 91) {
            for (let k = si; k < slen; k++) if (this.match(pi, k)) return true;
            return false;
          }
          let lit = next;
          if (next === 92) {
            if (pi + 1 >= plen) return false;
            lit = p.charCodeAt(pi + 1);
          }
          lit = fold(lit, this.ci);
          for (let k = si; k < slen; k++) {
            if (fold(s.charCodeAt(k), this.ci) === lit && this.match(pi, k)) return true;
          }
          return false;
        }
        case 91: { // [
          if (si >= slen) return false;
          const r = this.bracket(pi - 1, s.charCodeAt(si));
          if (r === Bracket.Literal) {
            if (s.charCodeAt(si) !== 91) return false;
            si++;
            break;
          }
          if (r !== Bracket.Match) return false;
          pi = this.end;
          si++;
          break;
        }
        default:
          if (si >= slen || fold(s.charCodeAt(si), this.ci) !== fold(c, this.ci)) return false;
          si++;
      }
    }
    return si === slen;
  }
}

/** fnmatch(pattern, subject, caseFold ? FNM_CASEFOLD : 0) === 0 */
export function globMatch(pattern: string, subject: string, caseFold = false): boolean {
  // C strings: the subject ends at its first NUL
  const nul = subject.indexOf('\0');
  const s = nul < 0 ? subject : subject.slice(0, nul);
  return new Matcher(byteString(pattern), byteString(s), caseFold).match(0, 0);
}

/**
 * An ASCII pattern whose only special character is `*`: the text before the
 * first star must start the subject, the text after the last one end it,
 * and the pieces between occur in order without overlapping (taking each at
 * its first occurrence loses no match). ASCII pieces match UTF-8 bytes
 * exactly where they match the characters, so no byte form is needed.
 */
function starsOnly(pattern: string): (subject: string) => boolean {
  const pieces = pattern.split('*');
  const head = pieces[0]!;
  const tail = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1).filter((m) => m.length > 0);
  const fixed = head.length + tail.length;
  return (subject) => {
    const nul = subject.indexOf('\0');
    const s = nul < 0 ? subject : subject.slice(0, nul);
    if (s.length < fixed || !s.startsWith(head) || !s.endsWith(tail)) return false;
    const end = s.length - tail.length;
    let at = head.length;
    for (let i = 0; i < middle.length; i++) {
      const m = middle[i]!;
      const found = s.indexOf(m, at);
      if (found < 0 || found + m.length > end) return false;
      at = found + m.length;
    }
    return true;
  };
}

/** A matcher for one pattern, with the pattern's byte form computed once. */
export function compileGlob(pattern: string, caseFold = false): (subject: string) => boolean {
  const p = byteString(pattern);
  // Patterns without special characters are plain (possibly case-folded) equality.
  if (!caseFold && !/[*?[\\]/.test(p)) {
    return (subject) => subject === pattern || (subject.includes('\0') && globMatch(pattern, subject));
  }
  if (!caseFold && !/[?[\\]/.test(p) && !NON_ASCII.test(pattern)) return starsOnly(pattern);
  return (subject) => {
    const nul = subject.indexOf('\0');
    const s = nul < 0 ? subject : subject.slice(0, nul);
    return new Matcher(p, byteString(s), caseFold).match(0, 0);
  };
}
