/**
 * Printable-text cleanup as libsinsp applies it to names it stores (paths,
 * socket paths): every character that is not printable — ASCII controls and
 * DEL, C1 controls, Unicode non-characters, undecodable bytes (already U+FFFD
 * after UTF-8 decoding, or lone surrogates) — becomes U+FFFD.
 */

export const REPLACEMENT_CHAR = '\uFFFD';

/** True when the code point is printable by libsinsp's definition. */
export function isPrintableCodePoint(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp !== 0x7f;
  if (cp <= 0x9f) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false; // lone surrogate: came from broken bytes
  if (cp >= 0xfdd0 && cp <= 0xfdef) return false;
  if ((cp & 0xffff) >= 0xfffe) return false;
  return true;
}

// Fast test for the common all-printable-ASCII case.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The text with every non-printable character replaced by U+FFFD (the same string when clean). */
export function sanitizeText(s: string): string {
  if (PRINTABLE_ASCII.test(s)) return s;
  let out = '';
  let changed = false;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (isPrintableCodePoint(cp)) out += ch;
    else {
      out += REPLACEMENT_CHAR;
      changed = true;
    }
  }
  return changed ? out : s;
}
