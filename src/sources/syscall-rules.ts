/**
 * The loaded rules of the `syscall` source made runnable: conditions
 * compiled against the syscall field extractors into a ruleset (Falco's
 * selection and priority filter applied), and each rule's output (with the
 * configured `append_output`) compiled into a template rendered per alert.
 */
import type { AppendOutput } from '../config/falco-config.js';
import { catalogForSource } from '../fields/catalog.js';
import type { SyscallEvent } from '../fields/extract/syscall-event.js';
import type { ExtractorFactory } from '../fields/value.js';
import { applyAppendOutput } from '../outputs/append-output.js';
import { compileExtraFields, type ExtraFieldsRenderer } from '../outputs/extra-fields.js';
import { compileOutputTemplate, isOutputTemplateError, type OutputTemplate, type OutputTemplateOptions } from '../outputs/output-template.js';
import type { LoadedRule, RuleEngine, RuleSelection } from '../rules/engine.js';
import type { Ruleset } from '../rules/ruleset.js';

export const SYSCALL_SOURCE = 'syscall';

/** What an alert of a rule needs besides the event. */
export interface RuleOutput {
  readonly name: string;
  /** Falco's number: 0 emergency ... 7 debug. */
  readonly priority: number;
  readonly source: string;
  readonly tags: readonly string[];
  /** Position of the rule in load order (for the summary counts). */
  readonly index: number;
  readonly template: OutputTemplate<SyscallEvent>;
  readonly extraFields: ExtraFieldsRenderer<SyscallEvent> | undefined;
}

export interface SyscallRules {
  readonly ruleset: Ruleset<SyscallEvent>;
  /** Outputs by rule name. */
  readonly outputs: ReadonlyMap<string, RuleOutput>;
  /** Every loaded rule of the source in load order (name and priority), for the summary. */
  readonly loadOrder: ReadonlyArray<{ name: string; priority: number }>;
}

export interface SyscallRulesOptions {
  selection: readonly RuleSelection[];
  minPriority: number;
  appendOutput: readonly AppendOutput[];
  /** The deprecated `-p` text. */
  printAdditional?: string;
  outputOptions?: OutputTemplateOptions;
}

/** Raised when an output does not compile (the rules loader validated it: a defect if it happens). */
export class RuleOutputError extends Error {}

function compileOutput(
  rule: LoadedRule,
  factory: ExtractorFactory<SyscallEvent>,
  options: SyscallRulesOptions,
): { template: OutputTemplate<SyscallEvent>; extraFields: ExtraFieldsRenderer<SyscallEvent> | undefined } {
  const catalog = catalogForSource(rule.source);
  if (catalog === undefined) throw new RuleOutputError(`no fields for source '${rule.source}'`);
  const appended = applyAppendOutput(
    { name: rule.name, source: rule.source, tags: rule.tags, output: rule.output },
    options.appendOutput,
    options.printAdditional !== undefined ? { printAdditional: options.printAdditional } : {},
  );
  const template = compileOutputTemplate(appended.output, catalog, factory, options.outputOptions ?? {});
  if (isOutputTemplateError(template)) {
    throw new RuleOutputError(`Invalid output format '${appended.output}' of rule ${rule.name}: ${template.error}`);
  }
  let extraFields: ExtraFieldsRenderer<SyscallEvent> | undefined;
  if (appended.extraFields.length > 0) {
    const compiled = compileExtraFields(appended.extraFields, catalog, factory, options.outputOptions ?? {});
    if ('error' in compiled) {
      throw new RuleOutputError(`Invalid extra field '${compiled.key}' of rule ${rule.name}: ${compiled.error}`);
    }
    extraFields = compiled;
  }
  return { template, extraFields };
}

/**
 * Compiles the engine's `syscall` rules and their outputs against `factory`:
 * the engine's ruleset (rules less severe than `minPriority` left out, the
 * rest as their `enabled:` says, then the `rules:` selection), plus each
 * rule's output template in load order.
 */
export function compileSyscallRules(
  engine: RuleEngine<unknown>,
  factory: ExtractorFactory<SyscallEvent>,
  options: SyscallRulesOptions,
): SyscallRules {
  const ruleset = engine.buildRuleset(
    { source: SYSCALL_SOURCE, minPriority: options.minPriority, selection: options.selection },
    factory,
  );
  const outputs = new Map<string, RuleOutput>();
  const loadOrder: Array<{ name: string; priority: number }> = [];
  for (const rule of engine.rules()) {
    if (rule.source !== SYSCALL_SOURCE) continue;
    const index = loadOrder.length;
    loadOrder.push({ name: rule.name, priority: rule.priority });
    if (rule.priority > options.minPriority) continue;
    const { template, extraFields } = compileOutput(rule, factory, options);
    outputs.set(rule.name, { name: rule.name, priority: rule.priority, source: rule.source, tags: rule.tags, index, template, extraFields });
  }
  return { ruleset, outputs, loadOrder };
}
