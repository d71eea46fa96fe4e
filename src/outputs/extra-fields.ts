/**
 * The `append_output` extra fields of one rule, compiled: per alert, each
 * key's value for JSON `output_fields` (see alert-format.ts ExtraFieldValue).
 */
import type { ExtractorFactory } from '../fields/value.js';
import type { FieldResolver } from '../rules/compile/checker.js';
import type { ExtraFieldValue } from './alert-format.js';
import type { ExtraOutputField } from './append-output.js';
import { compileOutputTemplate, isOutputTemplateError, type OutputTemplate, type OutputTemplateError, type OutputTemplateOptions } from './output-template.js';

export interface ExtraFieldsRenderer<E> {
  readonly keys: readonly string[];
  render(event: E): Record<string, ExtraFieldValue>;
}

export function compileExtraFields<E>(
  fields: readonly ExtraOutputField[],
  catalog: FieldResolver,
  factory: ExtractorFactory<E>,
  options: OutputTemplateOptions = {},
): ExtraFieldsRenderer<E> | (OutputTemplateError & { key: string }) {
  const compiled: Array<{ key: string; raw: boolean; template: OutputTemplate<E> }> = [];
  for (const f of fields) {
    // Falco skips entries whose format is empty.
    if (f.format === '') continue;
    const template = compileOutputTemplate(f.format, catalog, factory, options);
    if (isOutputTemplateError(template)) return { ...template, key: f.key };
    compiled.push({ key: f.key, raw: f.raw, template });
  }
  return {
    keys: compiled.map((c) => c.key),
    render(event: E): Record<string, ExtraFieldValue> {
      const out: Record<string, ExtraFieldValue> = {};
      for (const c of compiled) {
        const rendered = c.template.render(event);
        out[c.key] = c.raw ? (rendered.fields[c.key] ?? null) : rendered.text;
      }
      return out;
    },
  };
}
