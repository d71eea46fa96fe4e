/**
 * A compiled output format string (a rule's `output:`, an `extra_fields`
 * format): literal text and field references, each reference bound to its
 * extractors once, then rendered per alert into
 * - the text Falco prints (missing values as `<NA>`, `%Nfield` padded or cut
 *   to N bytes), and
 * - the fields Falco puts in `output_fields`: every plain field the format
 *   mentions, also those inside transformers, keyed as libsinsp names them
 *   (`proc.aname[2]`); transformer results themselves are not included
 *   (Falco does not resolve transformed fields for JSON).
 *
 * Like Falco for rule outputs, values are always printed even when some are
 * missing (the format is read as if it started with `*`).
 */
import type { FieldInfo, ResolvedField } from '../fields/types.js';
import type { Extractor, ExtractorFactory, FieldScalar, FieldValue } from '../fields/value.js';
import type { FieldOperand, Position, TransformerArg } from '../rules/condition/ast.js';
import type { CheckedOperand } from '../rules/compile/checked.js';
import { checkCondition, type FieldResolver } from '../rules/compile/checker.js';
import { applyTransformer, concat, getopt, join, valuesAsTexts } from '../rules/compile/transformers.js';
import { parseFormatString, type FormatField } from './format-string.js';
import { NOT_AVAILABLE, valueText, type ValueShape, type ValueTextOptions } from './value-text.js';

/** A field of `output_fields`: what the catalog says about it and its value for this event. */
export interface AlertField {
  info: FieldInfo;
  value: FieldValue;
}

export interface RenderedOutput {
  /** The formatted text (Falco's rule "message"). */
  text: string;
  /** The plain fields the format mentions, by the name libsinsp gives them. */
  fields: Record<string, AlertField>;
}

export interface OutputTemplate<E> {
  /** The format string as given. */
  readonly format: string;
  /** The keys `render().fields` has, in order of first mention. */
  readonly fieldNames: readonly string[];
  render(event: E): RenderedOutput;
}

export interface OutputTemplateError {
  /** Falco's message (e.g. `unknown filter: ...`, `invalid formatting syntax: ...`). */
  error: string;
  /** Index in the format string where the problem was found. */
  pos: number;
}

export type OutputTemplateOptions = ValueTextOptions;

const ZERO_POS: Position = { offset: 0, line: 1, col: 1 };

/**
 * Fields libsinsp can only compare (against either end of a connection) and
 * never extracts: in an output they always print `<NA>`, whatever the fd.
 */
const COMPARE_ONLY_FIELDS: ReadonlySet<string> = new Set(['fd.ip', 'fd.net', 'fd.port', 'fd.proto']);
const NO_OUTPUT_VALUE = (): FieldValue => undefined;

/** One piece of the output: literal text or a reference with how to compute and print it. */
type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'value'; width: number; shape: ValueShape; compute: (values: readonly FieldValue[]) => FieldValue };

/** Type-checks a reference the way libsinsp's extractor compiler does; returns the typed operand or an error. */
function checkReference(operand: FieldOperand, catalog: FieldResolver): { ok: true; node: CheckedOperand; fields: ResolvedField[] } | { ok: false; error: string } {
  // The condition checker types operands (fields, transformers) with Falco's
  // messages; an `exists` check holds the operand without adding rules of its own.
  const result = checkCondition({ kind: 'unary', op: 'exists', left: operand, pos: ZERO_POS }, catalog);
  if (!result.ok) return { ok: false, error: result.error.message };
  if (result.checked.kind !== 'exists') return { ok: false, error: 'internal error: unexpected checked expression' };
  return { ok: true, node: result.checked.left, fields: result.fields };
}

function resolvedKey(f: ResolvedField): string {
  return f.arg === undefined ? f.info.name : `${f.info.name}\u0000${f.arg}`;
}

/**
 * The print format libsinsp uses for a reference: a transformed field keeps
 * its field's print format; multi-value transformers have none.
 */
function printFormatOf(node: CheckedOperand): ValueShape['printFormat'] {
  switch (node.kind) {
    case 'field': return node.field.info.printFormat;
    case 'transform': return printFormatOf(node.input);
    default: return undefined;
  }
}

/**
 * libsinsp's text of a field (`as_string`), the key of `output_fields`: the
 * argument in brackets, quoted and escaped when it holds blanks, `=`,
 * quotes, backslashes or control characters (`proc.env["A B"]`).
 */
export function outputFieldName(name: string, arg?: string): string {
  if (arg === undefined) return name;
  if (arg === '') return `${name}[""]`;
  let quoted = false;
  let text = '';
  for (const c of arg) {
    const escaped = ARG_ESCAPES[c];
    if (escaped !== undefined) {
      quoted = true;
      text += escaped;
    } else if (c === ' ' || c === '=' || c === "'") {
      quoted = true;
      text += c;
    } else text += c;
  }
  return `${name}[${quoted ? `"${text}"` : text}]`;
}

const ARG_ESCAPES: Readonly<Record<string, string>> = {
  '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\', '"': '\\"',
};

/** Every plain field of a reference, transformer arguments included. */
function plainFields(operand: FieldOperand | TransformerArg, out: Array<{ name: string; arg?: string; key: string }>): void {
  switch (operand.kind) {
    case 'field':
      out.push({ name: operand.name, ...(operand.arg !== undefined ? { arg: operand.arg } : {}), key: outputFieldName(operand.name, operand.arg) });
      break;
    case 'transformer':
      operand.args.forEach((a) => plainFields(a, out));
      break;
    case 'transformer_list':
      operand.children.forEach((c) => plainFields(c, out));
      break;
    case 'value':
      break;
  }
}

/** Items of a transformer list as texts; one missing item makes the list missing. */
function textList(items: readonly FieldValue[]): FieldValue {
  const out: string[] = [];
  for (const v of items) {
    if (v === undefined) return undefined;
    out.push(...valuesAsTexts(v));
  }
  return out;
}

const encoder = new TextEncoder();

/** std::string::resize(width, ' '): pads with blanks or cuts, counting bytes. */
function fitWidth(text: string, width: number): string {
  const bytes = encoder.encode(text);
  if (bytes.length === width) return text;
  if (bytes.length < width) return text + ' '.repeat(width - bytes.length);
  return Buffer.from(bytes.subarray(0, width)).toString('utf8');
}

/**
 * Compiles `format` for one event source: `catalog` resolves field names,
 * `factory` gives the extractors (asked once per distinct field, here).
 */
export function compileOutputTemplate<E>(
  format: string,
  catalog: FieldResolver,
  factory: ExtractorFactory<E>,
  options: OutputTemplateOptions = {},
): OutputTemplate<E> | OutputTemplateError {
  // Falco prints rule outputs even with missing values: it adds the `*` when absent.
  const starred = format.startsWith('*') ? format : `*${format}`;
  const shift = starred.length - format.length;
  const checks = new Map<string, ReturnType<typeof checkReference>>();
  const check = (operand: FieldOperand): ReturnType<typeof checkReference> => {
    const key = JSON.stringify(operand);
    let c = checks.get(key);
    if (c === undefined) {
      c = checkReference(operand, catalog);
      checks.set(key, c);
    }
    return c;
  };
  const parsed = parseFormatString(starred, (operand) => {
    const c = check(operand);
    return c.ok ? undefined : c.error;
  });
  if (!parsed.ok) return { error: parsed.error, pos: Math.max(0, parsed.pos - shift) };

  const extractors: Array<Extractor<E>> = [];
  const slotByKey = new Map<string, number>();
  const slotOf = (field: ResolvedField): number => {
    const key = resolvedKey(field);
    let slot = slotByKey.get(key);
    if (slot === undefined) {
      slot = extractors.length;
      extractors.push(COMPARE_ONLY_FIELDS.has(field.info.name) ? NO_OUTPUT_VALUE : factory.extractor(field));
      slotByKey.set(key, slot);
    }
    return slot;
  };

  const pieces: Piece[] = [];
  const jsonFields: Array<{ key: string; info: FieldInfo; slot: number }> = [];
  const jsonKeys = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind === 'text') {
      pieces.push({ kind: 'text', text: token.text });
      continue;
    }
    const compiled = compileReference(token, check, slotOf);
    if ('error' in compiled) return { error: compiled.error, pos: Math.max(0, token.start - shift) };
    pieces.push(compiled);
    const mentioned: Array<{ name: string; arg?: string; key: string }> = [];
    plainFields(token.operand, mentioned);
    for (const m of mentioned) {
      if (jsonKeys.has(m.key)) continue;
      const resolved = catalog.resolve(m.name, m.arg);
      if ('error' in resolved) return { error: resolved.error, pos: Math.max(0, token.start - shift) };
      jsonKeys.add(m.key);
      jsonFields.push({ key: m.key, info: resolved.info, slot: slotOf(resolved) });
    }
  }

  const fieldNames = jsonFields.map((f) => f.key);
  return {
    format,
    fieldNames,
    render(event: E): RenderedOutput {
      const values: FieldValue[] = new Array(extractors.length);
      for (let i = 0; i < extractors.length; i++) values[i] = extractors[i]!(event);
      let text = '';
      for (const piece of pieces) {
        if (piece.kind === 'text') {
          text += piece.text;
          continue;
        }
        const shown = valueText(piece.compute(values), piece.shape, options) ?? NOT_AVAILABLE;
        text += piece.width > 0 ? fitWidth(shown, piece.width) : shown;
      }
      const fields: Record<string, AlertField> = {};
      for (const f of jsonFields) fields[f.key] = { info: f.info, value: values[f.slot] };
      return { text, fields };
    },
  };
}

function compileReference(
  token: FormatField,
  check: (operand: FieldOperand) => ReturnType<typeof checkReference>,
  slotOf: (field: ResolvedField) => number,
): Piece | { error: string } {
  const c = check(token.operand);
  if (!c.ok) return { error: c.error };
  const compute = evaluator(c.node, c.fields, slotOf);
  return {
    kind: 'value',
    width: token.width,
    shape: { type: c.node.type, printFormat: printFormatOf(c.node), isList: c.node.isList },
    compute,
  };
}

type Compute = (values: readonly FieldValue[]) => FieldValue;

/** A function computing a typed operand from the extracted values of the template's fields. */
function evaluator(node: CheckedOperand, fields: readonly ResolvedField[], slotOf: (field: ResolvedField) => number): Compute {
  const build = (n: CheckedOperand): Compute => {
    switch (n.kind) {
      case 'field': {
        const slot = slotOf(fields[n.ref] ?? n.field);
        return (values) => values[slot];
      }
      case 'transform': {
        const input = build(n.input);
        const { name, inputType, inputIsList } = n;
        return (values) => applyTransformer(name, inputType, inputIsList, input(values));
      }
      case 'join': {
        const separator = build(n.separator);
        const list = build(n.list);
        return (values) => join(separator(values), list(values));
      }
      case 'concat': {
        const parts = n.parts.map(build);
        return (values) => concat(parts.map((p) => p(values)));
      }
      case 'getopt': {
        const args = build(n.args);
        const optstring = build(n.optstring);
        const option = n.option;
        return (values) => getopt(args(values), optstring(values), option);
      }
      case 'text': {
        const value: FieldScalar = n.value;
        return () => value;
      }
      case 'textlist': {
        const items = n.items.map(build);
        return (values) => textList(items.map((i) => i(values)));
      }
    }
  };
  return build(node);
}

export function isOutputTemplateError<E>(t: OutputTemplate<E> | OutputTemplateError): t is OutputTemplateError {
  return 'error' in t;
}
