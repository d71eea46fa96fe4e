/**
 * `falco --list` output, byte for byte in layout: the text format (with and
 * without `-v`), `--format markdown` (and the deprecated `--markdown`),
 * `--format json`, and `-N` (names only). Falco 0.44.1 prints the same way
 * for every source; `-o json_output=true` has no effect on `--list`, and `-v`
 * only changes the text format.
 */
import type { FieldClass, FieldInfo } from './types.js';

export type FieldListFormat = 'text' | 'markdown' | 'json';

export interface FieldListOptions {
  /** `-v`: prefix each description with `(Type: T)`. Text format only, as in Falco. */
  verbose?: boolean;
  /** `--format`; `--markdown` means `markdown`. Default `text`. */
  format?: FieldListFormat;
  /** `-N`: only the names of the listed fields. */
  namesOnly?: boolean;
}

/**
 * Reads a `--format` value as Falco does (case-insensitive); on a bad value,
 * Falco's error message. An empty value means the default, `text`.
 */
export function parseFieldListFormat(value: string): FieldListFormat | { error: string } {
  const lower = value.toLowerCase();
  if (lower === '' || lower === 'text') return 'text';
  if (lower === 'markdown' || lower === 'json') return lower;
  return { error: `Invalid format '${value}'. Valid values are: text, markdown, json` };
}

/** The classes of one event source, as the catalog registry hands them out. */
export interface SourceFieldClasses {
  source: string;
  classes: readonly FieldClass[];
}

// Column where names end and descriptions start, and the total width (libsinsp's values).
const RIGHT_BLOCK = 30;
const WIDTH = 120;
const SEPARATOR = '-------------------------------';

/**
 * The classes `--list[=source]` prints, in order: each class once (classes
 * shared by several sources are recognised by name and qualifier, as Falco
 * does), with `sources` set to every listed source that has it, sorted.
 */
export function classesForListing(entries: readonly SourceFieldClasses[], onlySource?: string): FieldClass[] {
  const selected = entries.filter((e) => onlySource === undefined || onlySource === '' || e.source === onlySource);
  const sourcesByKey = new Map<string, Set<string>>();
  for (const { source, classes } of selected) {
    for (const cls of classes) {
      if (cls.hidden === true) continue;
      const key = classKey(cls);
      let set = sourcesByKey.get(key);
      if (set === undefined) sourcesByKey.set(key, (set = new Set()));
      set.add(source);
    }
  }
  const out: FieldClass[] = [];
  const seen = new Set<string>();
  for (const { classes } of selected) {
    for (const cls of classes) {
      if (cls.hidden === true) continue;
      const key = classKey(cls);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...cls, sources: sortedSources(sourcesByKey.get(key) ?? []) });
    }
  }
  return out;
}

function classKey(cls: FieldClass): string {
  return `${cls.name}${cls.qualifier ?? ''}`;
}

// std::set<std::string> order: plain code-unit comparison.
function sortedSources(sources: Iterable<string>): string[] {
  return [...new Set(sources)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Formats the given classes (hidden ones are skipped) as Falco's `--list` does. */
export function formatFieldList(classes: readonly FieldClass[], options: FieldListOptions = {}): string {
  const format = options.format ?? 'text';
  const listed = classes.filter((c) => c.hidden !== true);
  if (options.namesOnly === true) {
    const names = listed.flatMap((c) => c.fields.filter(isListed).map((f) => f.name));
    if (format === 'json') return names.length === 0 ? '' : `${JSON.stringify({ fieldnames: names }, null, 2)}\n`;
    return names.map((n) => `${n}\n`).join('');
  }
  switch (format) {
    case 'json': return formatJson(listed);
    case 'markdown': return listed.map((c) => `${markdownClass(c)}\n`).join('');
    case 'text': return listed.map((c) => `${textClass(c, options.verbose === true)}\n`).join('');
  }
}

function isListed(info: FieldInfo): boolean {
  return info.flags.hidden !== true && info.flags.deprecated !== true;
}

/**
 * Falco prints nothing for a class whose fields are all deprecated (table-only
 * fields count as present: libsinsp skips them before counting).
 */
function allDeprecated(cls: FieldClass): boolean {
  return cls.fields.length > 0 && cls.fields.every((f) => f.flags.hidden !== true && f.flags.deprecated === true);
}

/** The flag list Falco shows in parentheses, in its (sorted) order. */
export function fieldTags(info: FieldInfo): string[] {
  const f = info.flags;
  const tags: string[] = [];
  if (f.filterOnly === true) tags.push('FILTER_ONLY');
  if (f.noRhs === true) tags.push('EPF_NO_RHS');
  if (f.noTransformer === true) tags.push('EPF_NO_TRANSFORMER');
  if (f.argRequired === true || f.argAllowed === true) {
    tags.push(f.argRequired === true ? 'ARG_REQUIRED' : 'ARG_ALLOWED');
    if (f.argIndex === true) tags.push('ARG_INDEX');
    if (f.argKey === true) tags.push('ARG_KEY');
  }
  if (f.isList === true) tags.push('EPF_IS_LIST');
  return tags.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function padRight(text: string): string {
  return text.padEnd(RIGHT_BLOCK, ' ');
}

/**
 * Word-wraps `text` into the description column: words are re-joined by one
 * space (each followed by one, trailing included) and a line holds at most
 * WIDTH - RIGHT_BLOCK bytes, counting those spaces, before the next is indented.
 */
function wrap(text: string): string {
  const limit = WIDTH - RIGHT_BLOCK;
  let out = '';
  let len = 0;
  for (const word of text.split(/[ \t\n\v\f\r]+/)) {
    if (word === '') continue;
    const wordLen = Buffer.byteLength(word, 'utf8') + 1;
    if (len + wordLen <= limit) {
      len += wordLen;
    } else {
      out += `\n${' '.repeat(RIGHT_BLOCK)}`;
      len = wordLen;
    }
    out += `${word} `;
  }
  return out;
}

function textClass(cls: FieldClass, verbose: boolean): string {
  if (allDeprecated(cls)) return '';
  let out = `${SEPARATOR}\n`;
  out += `${padRight('Field Class:')}${cls.name}${cls.qualifier ? ` (${cls.qualifier})` : ''}\n`;
  if (cls.description !== '') out += `${padRight('Description:')}${wrap(cls.description)}\n`;
  if (cls.sources.length > 0) out += `${padRight('Event Sources:')}${cls.sources.map((s) => `${s} `).join('')}\n`;
  out += '\n';
  for (const info of cls.fields) {
    if (!isListed(info)) continue;
    out += info.name.length > RIGHT_BLOCK ? `${info.name}\n${' '.repeat(RIGHT_BLOCK)}` : padRight(info.name);
    let desc = info.description;
    const tags = fieldTags(info);
    if (tags.length > 0) desc = `(${tags.join(',')}) ${desc}`;
    if (verbose) desc = `(Type: ${info.type}) ${desc}`;
    out += `${wrap(desc)}\n`;
  }
  return out;
}

function markdownClass(cls: FieldClass): string {
  if (allDeprecated(cls)) return '';
  let out = `## Field Class: ${cls.name}\n\n`;
  if (cls.description !== '') out += `${cls.description}\n\n`;
  if (cls.sources.length > 0) out += `Event Sources: ${cls.sources.map((s) => `${s} `).join('')}\n\n`;
  out += 'Name | Type | Description\n:----|:-----|:-----------\n';
  for (const info of cls.fields) {
    if (!isListed(info)) continue;
    const type = info.flags.isList === true ? `LIST(${info.type})` : info.type;
    out += `\`${info.name}\` | ${type} | ${info.description}\n`;
  }
  return out;
}

// Key order below is alphabetical: Falco re-reads each class into a JSON object type that sorts keys.
interface JsonArgument { required: boolean; type: string[] }
interface JsonField { argument: JsonArgument | null; desc: string; is_list: boolean; name: string; type: string }
interface JsonClass { desc?: string; event_sources?: string[]; fields: JsonField[]; name: string }

function jsonField(info: FieldInfo): JsonField {
  const f = info.flags;
  let argument: JsonArgument | null = null;
  if (f.argRequired === true || f.argAllowed === true) {
    const type: string[] = [];
    if (f.argIndex === true) type.push('INDEX');
    if (f.argKey === true) type.push('KEY');
    argument = { required: f.argRequired === true, type };
  }
  return { argument, desc: info.description, is_list: f.isList === true, name: info.name, type: info.type };
}

function formatJson(classes: readonly FieldClass[]): string {
  const out: JsonClass[] = [];
  for (const cls of classes) {
    if (allDeprecated(cls)) continue;
    out.push({
      ...(cls.description !== '' ? { desc: cls.description } : {}),
      ...(cls.sources.length > 0 ? { event_sources: [...cls.sources] } : {}),
      fields: cls.fields.filter(isListed).map(jsonField),
      name: cls.name,
    });
  }
  if (out.length === 0) return '';
  return `${JSON.stringify({ fieldclasses: out }, null, 2)}\n`;
}
