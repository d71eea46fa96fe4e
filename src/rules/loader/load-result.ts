/**
 * The outcome of loading rules files, and its renderings exactly as Falco
 * 0.44.1 prints them: the verbose text of `falco -V FILE` (per file:
 * "name: Ok" / "name: Ok, with warnings" / "name: Invalid" then schema
 * warnings, errors and warnings with their location chains and snippets) and
 * the JSON of `falco -V FILE -o json_output=true`
 * (`{"falco_load_results":[{name, successful, schema_valid, schema_warnings,
 * errors[], warnings[]}]}`, each message with code, codedesc, message and
 * context {locations[], snippet}).
 *
 * Exit status of `-V`: 0 when every file loaded; 1 otherwise (Falco then also
 * writes "Error: " + the text summary to stderr). An unsatisfied plugin
 * requirement stops validation right after the file that declared it: nothing
 * goes to stdout, stderr gets "Error: <requirement message>", exit status 1.
 */
import {
  errorCodeDescription,
  errorText,
  warningDescription,
  warningText,
} from './codes.js';
import type { DeprecatedField, ErrorCode, WarningCode } from './codes.js';
import type { LoadContext } from './context.js';
import { dumpJson } from './json-text.js';
import type { JsonValue } from './json-text.js';

export interface LoadError {
  code: ErrorCode;
  message: string;
  context: LoadContext;
  /** The snippet for the context, cut from the loaded contents. */
  snippet: string;
}

export interface LoadWarning {
  code: WarningCode;
  message: string;
  context: LoadContext;
  snippet: string;
  /** Set for LOAD_DEPRECATED_ITEM warnings about a field. */
  deprecatedField?: DeprecatedField;
}

/** Schema validation outcome strings: "ok", or "failed for <path>: <description>". */
export const SCHEMA_OK = 'ok';
export const SCHEMA_NONE = 'none';

/** One rules file's result (Falco's falco::load_result). */
export interface FileLoadResult {
  name: string;
  successful: boolean;
  errors: LoadError[];
  warnings: LoadWarning[];
  /** One entry per YAML document checked against the rules schema (empty for an empty file). */
  schemaValidation: string[];
}

/** The result of RuleEngine.load(): every file's result, in load order. */
export interface LoadResult {
  /** True when every file loaded and the plugin requirements are met. */
  successful: boolean;
  files: FileLoadResult[];
  /**
   * Falco's fatal error for an unmet `required_plugin_versions` entry (checked
   * after each file, as `-V` does; loading stops there).
   */
  requirementError?: string;
}

/** The first schema status, as Falco reports it per file ("none" when nothing was validated). */
export function schemaValidationStatus(file: FileLoadResult): string {
  return file.schemaValidation[0] ?? SCHEMA_NONE;
}

function warningShortText(w: LoadWarning): string {
  const base = warningText(w.code);
  return w.deprecatedField ? `${base}: field '${w.deprecatedField}'` : base;
}

/** Falco's one-line summary of a file (`as_string(false)`). */
export function formatSummary(file: FileLoadResult): string {
  let out = file.name !== '' ? `${file.name}: ` : '';
  out += file.successful ? (file.warnings.length > 0 ? 'Ok, with warnings' : 'Ok') : 'Invalid';
  if (file.schemaValidation.length > 0 && schemaValidationStatus(file) !== SCHEMA_OK) {
    out += `\n ${file.schemaValidation.length} schema warnings: [${file.schemaValidation.join(' ')}]`;
  }
  if (file.errors.length > 0) {
    out += `\n ${file.errors.length} errors: [${file.errors.map((e) => `${e.code} (${errorText(e.code)})`).join(' ')}]`;
  }
  if (file.warnings.length > 0) {
    out += `\n ${file.warnings.length} warnings: [${file.warnings.map((w) => `${w.code} (${warningShortText(w)})`).join(' ')}]`;
  }
  return out;
}

/** Falco's detailed text of a file (`as_string(true)`), as `-V` prints it and as warnings are logged. */
export function formatVerbose(file: FileLoadResult): string {
  let out = file.name !== '' ? `${file.name}: ` : '';
  out += file.successful ? (file.warnings.length > 0 ? 'Ok, with warnings' : 'Ok') : 'Invalid';
  if (file.schemaValidation.length > 0 && schemaValidationStatus(file) !== SCHEMA_OK) {
    out += `\n${file.schemaValidation.length} Schema warnings:\n`;
    for (const s of file.schemaValidation) out += `------\n${s}\n`;
    out += '------\n';
  }
  if (file.errors.length > 0) {
    out += `\n${file.errors.length} Errors:\n`;
    for (const e of file.errors) {
      out += e.context.asText();
      out += `------\n${e.snippet}------\n`;
      out += `${e.code} (${errorText(e.code)}): ${e.message}\n`;
    }
  }
  if (file.warnings.length > 0) {
    out += `\n${file.warnings.length} Warnings:\n`;
    for (const w of file.warnings) {
      out += w.context.asText();
      out += `------\n${w.snippet}------\n`;
      out += `${w.code} (${warningShortText(w)}): ${w.message}\n`;
    }
  }
  return out;
}

function contextJson(context: LoadContext, snippet: string): JsonValue {
  return { ...context.asJson(), snippet };
}

/** Falco's JSON object for a file (`as_json()`). */
export function fileResultJson(file: FileLoadResult): JsonValue {
  const out: { [key: string]: JsonValue } = { name: file.name, successful: file.successful };
  if (file.schemaValidation.length > 0) {
    const valid = schemaValidationStatus(file) === SCHEMA_OK;
    out.schema_valid = valid;
    out.schema_warnings = valid ? [] : [...file.schemaValidation];
  }
  out.errors = file.errors.map((e) => ({
    context: contextJson(e.context, e.snippet),
    code: e.code,
    codedesc: errorCodeDescription(e.code),
    message: e.message,
  }));
  out.warnings = file.warnings.map((w) => {
    // The JSON carries the plain code description even for deprecated-field
    // warnings (Falco uses the extended one nowhere in its outputs).
    const entry: { [key: string]: JsonValue } = {
      context: contextJson(w.context, w.snippet),
      code: w.code,
      codedesc: warningDescription(w.code),
      message: w.message,
    };
    if (w.deprecatedField) entry.deprecated_field = w.deprecatedField;
    return entry;
  });
  return out;
}

function asList(results: LoadResult | readonly LoadResult[]): readonly LoadResult[] {
  return Array.isArray(results) ? (results as readonly LoadResult[]) : [results as LoadResult];
}

/**
 * What `falco -V` writes to stdout (text form): for each file its detailed
 * text when it failed or had no warnings, or "name: Ok, with warnings" (the
 * warnings themselves go to the log), files separated by a line break, and a
 * final line break.
 */
export function formatValidationText(results: LoadResult | readonly LoadResult[]): string {
  const parts: string[] = [];
  for (const result of asList(results)) {
    for (const file of result.files) {
      parts.push(file.successful && file.warnings.length > 0 ? `${file.name}: Ok, with warnings` : formatVerbose(file));
    }
  }
  return parts.join('\n') + '\n';
}

/**
 * What `falco -V FILE -o json_output=true` writes to stdout (one line). With
 * `-L`/`-l` and a successful validation, Falco adds the description as
 * `falco_describe_results` (sorted first, as its JSON keys are).
 */
export function formatValidationJson(results: LoadResult | readonly LoadResult[], describe?: JsonValue): string {
  const files: JsonValue[] = [];
  for (const result of asList(results)) for (const file of result.files) files.push(fileResultJson(file));
  const out: { [key: string]: JsonValue } = { falco_load_results: files };
  if (describe !== undefined) out.falco_describe_results = describe;
  return dumpJson(out) + '\n';
}

/** The texts Falco logs as warnings during `-V` (files that loaded with warnings). */
export function validationWarningLogs(results: LoadResult | readonly LoadResult[]): string[] {
  const logs: string[] = [];
  for (const result of asList(results)) {
    for (const file of result.files) if (file.successful && file.warnings.length > 0) logs.push(formatVerbose(file) + '\n');
  }
  return logs;
}

export interface ValidationOutput {
  stdout: string;
  /** Falco's "Error: ..." line for a failed validation ('' on success). */
  stderr: string;
  exitCode: number;
}

/** Everything `falco -V` prints besides log lines, and its exit status. */
export function validationOutput(results: LoadResult | readonly LoadResult[], json: boolean): ValidationOutput {
  const list = asList(results);
  const requirement = list.find((r) => r.requirementError !== undefined)?.requirementError;
  if (requirement !== undefined) return { stdout: '', stderr: `Error: ${requirement}\n`, exitCode: 1 };
  const ok = list.every((r) => r.files.every((f) => f.successful));
  const text = formatValidationText(list);
  const stdout = json ? formatValidationJson(list) : text;
  return ok ? { stdout, stderr: '', exitCode: 0 } : { stdout, stderr: `Error: ${text.slice(0, -1)}\n`, exitCode: 1 };
}
