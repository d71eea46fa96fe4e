/**
 * `append_output` (falco.yaml, or `-o append_output[]=...`) and the
 * deprecated `-p` flag, applied to one rule the way Falco 0.44.1 does when it
 * compiles its rules:
 * - an entry applies to a rule when its `match` fits: same source (or none
 *   given), every listed tag among the rule's tags, same rule name (or none);
 * - `extra_output` texts are appended to the rule's output, each after a
 *   blank, in configuration order, then the `-p` text;
 * - `suggested_output: true` appends `foo_bar=%foo.bar` for every field the
 *   rule's source suggests (one append per field);
 * - `extra_fields` go to JSON `output_fields` only: `key: format` entries as
 *   formatted text, bare field names as the field's typed value; a later
 *   entry's key replaces an earlier one.
 * The result is what the rules loader validates and prints (it then drops
 * `%container.info`).
 */
import type { AppendOutput } from '../config/falco-config.js';

export interface OutputRule {
  name: string;
  source: string;
  tags: readonly string[];
  output: string;
}

/** One `extra_fields` entry that applies to a rule. */
export interface ExtraOutputField {
  key: string;
  /** The format printed for the key; for a raw field, `%` followed by the key. */
  format: string;
  /** A bare field name: its typed value, not its text. */
  raw: boolean;
}

export interface AppendedOutput {
  output: string;
  extraFields: ExtraOutputField[];
}

export interface AppendOutputContext {
  /**
   * The fields an event source suggests for outputs (libsinsp's
   * EPF_FORMAT_SUGGESTED: the container plugin's `container.id`,
   * `container.name`, ..., `static.*` fields), in catalog order.
   */
  suggestedFields?: (source: string) => readonly string[];
  /** `-p`/`--print` text; `c`, `container`, `k`, `kubernetes` mean nothing any more. */
  printAdditional?: string;
}

const OBSOLETE_PRINT_SHORTHANDS: ReadonlySet<string> = new Set(['c', 'container', 'k', 'kubernetes']);

/** Whether an entry's `match` selects the rule (tags: all of the entry's, like std::includes). */
export function appendOutputMatches(match: AppendOutput['match'], rule: Pick<OutputRule, 'name' | 'source' | 'tags'>): boolean {
  if (match.source !== '' && match.source !== rule.source) return false;
  if (match.rule !== '' && match.rule !== rule.name) return false;
  const tags = new Set(rule.tags);
  return match.tags.every((t) => tags.has(t));
}

/** `foo_bar=%foo.bar`: how a suggested field is appended. */
export function suggestedFieldFormat(field: string): string {
  return `${field.replaceAll('.', '_')}=%${field}`;
}

export function applyAppendOutput(rule: OutputRule, entries: readonly AppendOutput[], context: AppendOutputContext = {}): AppendedOutput {
  let output = rule.output;
  const extra = new Map<string, ExtraOutputField>();
  for (const entry of entries) {
    if (!appendOutputMatches(entry.match, rule)) continue;
    if (entry.extraOutput !== '') output += ` ${entry.extraOutput}`;
    if (entry.suggestedOutput) {
      for (const field of context.suggestedFields?.(rule.source) ?? []) output += ` ${suggestedFieldFormat(field)}`;
    }
    for (const [key, format] of Object.entries(entry.formattedFields)) extra.set(key, { key, format, raw: false });
    for (const key of entry.rawFields) extra.set(key, { key, format: `%${key}`, raw: true });
  }
  const print = context.printAdditional;
  if (print !== undefined && print !== '' && !OBSOLETE_PRINT_SHORTHANDS.has(print)) output += ` ${print}`;
  return { output, extraFields: [...extra.values()] };
}
