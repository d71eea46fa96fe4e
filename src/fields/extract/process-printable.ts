/**
 * libsinsp hands text values to outputs with every non-printable character
 * (controls, DEL, C1 controls, non-characters, broken UTF-8) replaced by
 * U+FFFD; conditions see the text unchanged. Process data carries such
 * characters (an environment with a multi-line TERMCAP), so the text
 * fields of the process, user and group classes are given in the printable
 * form: what Falco's alerts show.
 */
import { sanitizeText } from '../../state/text-sanitize.js';
import type { ResolvedField } from '../types.js';
import type { SyscallExtractor } from './class-extractor.js';

/** The extractor with its text values made printable (only text fields are wrapped). */
export function printableText(field: ResolvedField, extractor: SyscallExtractor | undefined): SyscallExtractor | undefined {
  if (extractor === undefined || field.info.type !== 'CHARBUF') return extractor;
  // The same text comes back event after event (a thread's name, command line, environment): its clean form is kept.
  let lastText = '';
  let lastClean = '';
  return (ev) => {
    const v = extractor(ev);
    if (typeof v !== 'string') return v;
    if (v !== lastText) {
      lastClean = sanitizeText(v);
      lastText = v;
    }
    return lastClean;
  };
}
