/**
 * Falco's own way of expanding lists: textual substitution in the condition
 * before it is parsed. Each list, in definition order, replaces every
 * occurrence of its name that is delimited by blanks, parentheses, commas,
 * `=` or the text's ends — wherever it is, even inside a quoted string — by
 * its items joined with ", " (see listSubstitutionText). An empty list also
 * takes one neighbouring comma with it.
 *
 * Parsing the result with parseCondition gives exactly what Falco parses,
 * quirks included (list names with spaces, `proc.name=my_list`, error
 * positions counted in the substituted text). bindCondition's AST-level
 * expansion is the alternative that keeps positions in the text as written.
 */

import { listSubstitutionText } from './binder.js';

export interface SubstitutedCondition {
  text: string;
  /** Lists whose name occurred (Falco marks them used, even if parsing then fails). */
  usedLists: Set<string>;
}

const BLANKS = ' \t\n\r';
const DELIMITERS = BLANKS + '(),=';

/**
 * @param lists lists in definition order, items as compiled by expandListItems
 */
export function substituteLists(text: string, lists: ReadonlyMap<string, readonly string[]>): SubstitutedCondition {
  const usedLists = new Set<string>();
  let cond = text;
  for (const [name, items] of lists) {
    const next = substituteOne(cond, name, items);
    if (next !== undefined) {
      cond = next;
      usedLists.add(name);
    }
  }
  return { text: cond, usedLists };
}

/** The replacement text of each list's items (the same items are substituted into many conditions). */
const substitutionTexts = new WeakMap<readonly string[], string>();

function substitutionText(items: readonly string[]): string {
  let sub = substitutionTexts.get(items);
  if (sub === undefined) {
    sub = listSubstitutionText(items);
    substitutionTexts.set(items, sub);
  }
  return sub;
}

/** One list's pass over the text; undefined if its name does not occur. */
function substituteOne(text: string, name: string, items: readonly string[]): string | undefined {
  if (name.length === 0) return undefined;
  let cond = text;
  let start = cond.indexOf(name);
  if (start < 0) return undefined;
  const sub = substitutionText(items);
  let used = false;
  while (start >= 0) {
    let end = start + name.length;
    const delimitedBefore = start === 0 || DELIMITERS.includes(cond.charAt(start - 1));
    const delimitedAfter = end >= cond.length || DELIMITERS.includes(cond.charAt(end));
    if (delimitedBefore && delimitedAfter) {
      // The replacement swallows the blanks around the name.
      while (start > 0 && BLANKS.includes(cond.charAt(start - 1))) start--;
      while (end < cond.length && BLANKS.includes(cond.charAt(end))) end++;
      if (sub.length === 0) {
        if (start > 0 && cond.charAt(start - 1) === ',') start--;
        else if (end < cond.length && cond.charAt(end) === ',') end++;
      }
      cond = (start > 0 ? cond.slice(0, start) + ' ' : '') + sub + ' ' + cond.slice(end);
      // Resume after the inserted items (with Falco's arithmetic, which
      // assumes the leading space even at the very start of the text).
      start += sub.length + 1;
      used = true;
    }
    start = cond.indexOf(name, start + 1);
  }
  return used ? cond : undefined;
}
