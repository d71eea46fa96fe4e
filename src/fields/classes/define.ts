/**
 * Builders for the field tables in this folder. The tables spell flags with
 * libsinsp's names (minus the `EPF_` prefix) so they can be checked against
 * Falco's `--list` output at a glance; these functions turn them into FieldInfo.
 */
import type { FieldArgGrammar, FieldFlags, FieldInfo, FieldPrintFormat, FieldType } from '../types.js';

/** A libsinsp field flag as written in the tables. */
export type FlagName =
  | 'ARG_ALLOWED' | 'ARG_REQUIRED' | 'ARG_INDEX' | 'ARG_KEY'
  | 'IS_LIST' | 'NO_RHS' | 'NO_TRANSFORMER' | 'FILTER_ONLY'
  | 'TABLE_ONLY' | 'PRINT_ONLY' | 'DEPRECATED';

export interface FieldSpec {
  flags?: readonly FlagName[];
  grammar?: FieldArgGrammar;
  dotted?: boolean;
  format?: FieldPrintFormat;
}

function toFlags(names: readonly FlagName[]): FieldFlags {
  const flags: FieldFlags = {};
  for (const name of names) {
    switch (name) {
      // A required argument is still an argument the field takes.
      case 'ARG_REQUIRED': flags.argRequired = true; flags.argAllowed = true; break;
      case 'ARG_ALLOWED': flags.argAllowed = true; break;
      case 'ARG_INDEX': flags.argIndex = true; break;
      case 'ARG_KEY': flags.argKey = true; break;
      case 'IS_LIST': flags.isList = true; break;
      case 'NO_RHS': flags.noRhs = true; break;
      case 'NO_TRANSFORMER': flags.noTransformer = true; break;
      case 'FILTER_ONLY': flags.filterOnly = true; break;
      // Table-only and print-only fields are never listed by Falco.
      case 'TABLE_ONLY': case 'PRINT_ONLY': flags.hidden = true; break;
      case 'DEPRECATED': flags.deprecated = true; break;
    }
  }
  return flags;
}

/** A native (libsinsp) field. */
export function field(name: string, type: FieldType, description: string, spec: FieldSpec = {}): FieldInfo {
  const info: FieldInfo = { name, type, description, flags: toFlags(spec.flags ?? []) };
  if (spec.grammar !== undefined) info.argGrammar = spec.grammar;
  if (spec.dotted === true) info.dottedArg = true;
  if (spec.format !== undefined && spec.format !== 'na') info.printFormat = spec.format;
  return info;
}

/**
 * A plugin-declared field: every plugin field parses its argument the plugin
 * way and prints integers in decimal, as libsinsp sets up plugin fields.
 */
export function pluginField(name: string, type: FieldType, description: string, flags: readonly FlagName[] = []): FieldInfo {
  return { name, type, description, flags: toFlags(flags), argGrammar: 'plugin', printFormat: 'dec' };
}
