/**
 * `--help`, laid out as Falco's option library lays it out: a description
 * line, usage, then one entry per option with descriptions in a column
 * starting after the widest option (at most 30 characters + 2), wrapped to
 * a 140-column screen.
 */
import { OPTION_SPECS, PROGRAM_DESCRIPTION } from './options.js';
import type { OptionSpec } from './options.js';

const WIDTH = 140;
const LONGEST = 30;
const GAP = 2;

function optionColumn(spec: OptionSpec): string {
  let s = '  ';
  if (spec.short) s += `-${spec.short}${spec.long ? ',' : ''}`;
  else s += '   ';
  if (spec.long) s += ` --${spec.long}`;
  const arg = spec.arg ?? 'arg';
  if (spec.kind !== 'bool') s += spec.implicit !== undefined ? ` [=${arg}(=${spec.implicit})]` : ` ${arg}`;
  return s;
}

function describe(spec: OptionSpec): string {
  if (spec.shownDefault === undefined) return spec.help;
  return `${spec.help} (default: ${spec.shownDefault === '' ? '""' : spec.shownDefault})`;
}

/**
 * Word-wraps one paragraph to `width` columns (a word longer than the width
 * stays whole); the paragraph's leading blanks are kept (examples line up).
 */
function wrap(paragraph: string, width: number): string[] {
  const indent = /^ */.exec(paragraph)![0];
  const lines: string[] = [];
  let line = indent;
  for (const word of paragraph.slice(indent.length).split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line.trim() === '' ? line + word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}

export function formatHelp(program = 'falconet'): string {
  const columns = OPTION_SPECS.map(optionColumn);
  const longest = Math.min(LONGEST, Math.max(...columns.map((c) => c.length)));
  const start = longest + GAP;
  const allowed = WIDTH - start;
  let out = `${PROGRAM_DESCRIPTION}\nUsage:\n  ${program} [OPTION...]\n\n`;
  OPTION_SPECS.forEach((spec, i) => {
    const column = columns[i]!;
    out += column.length > longest ? `${column}\n${' '.repeat(start)}` : column.padEnd(start);
    // Explicit line breaks in a description keep their own indentation.
    const lines = describe(spec).split('\n').flatMap((p) => wrap(p, allowed));
    out += lines.join(`\n${' '.repeat(start)}`) + '\n';
  });
  return out;
}
