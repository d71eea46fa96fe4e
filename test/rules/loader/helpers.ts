/**
 * Shared helpers for the rules-loader tests: load one or more rules texts
 * into a fresh engine and look at the outcome the way Falco's own engine
 * tests do (messages, compiled condition, description).
 */
import { RuleEngine } from '../../../src/rules/engine.js';
import type { FileLoadResult, LoadResult } from '../../../src/rules/loader/load-result.js';

export interface Loaded {
  engine: RuleEngine<unknown>;
  result: LoadResult;
  /** The (last) file's result. */
  file: FileLoadResult;
}

export function load(content: string, name = 'rules.yaml'): Loaded {
  const engine = new RuleEngine<unknown>();
  const result = engine.load([{ name, content }]);
  return { engine, result, file: result.files[result.files.length - 1]! };
}

export function loadFiles(files: Array<{ name: string; content: string }>): Loaded {
  const engine = new RuleEngine<unknown>();
  const result = engine.load(files);
  return { engine, result, file: result.files[result.files.length - 1]! };
}

export function errorMessages(l: Loaded): string[] {
  return l.file.errors.map((e) => e.message);
}

export function warningMessages(l: Loaded): string[] {
  return l.file.warnings.map((w) => w.message);
}

export function warningCodes(l: Loaded): string[] {
  return l.file.warnings.map((w) => w.code);
}

/** Like Falco's check_error_message: some error message contains the text. */
export function hasError(l: Loaded, text: string): boolean {
  return l.file.errors.some((e) => e.message.includes(text));
}

export function hasWarning(l: Loaded, text: string): boolean {
  return l.file.warnings.some((w) => w.message.includes(text));
}

interface RuleDetails {
  info: Record<string, unknown>;
  details: Record<string, unknown>;
}

export function describeRule(l: Loaded, name: string): RuleDetails {
  const d = l.engine.describeRules(name) as unknown as { rules: RuleDetails[] };
  return d.rules[0]!;
}

/** libsinsp's text of the rule's compiled condition (Falco's get_compiled_rule_condition). */
export function compiledCondition(l: Loaded, name = 'test_rule'): string {
  return describeRule(l, name).details.condition_compiled as string;
}

/** The rules enabled in a ruleset built with no selection (Falco's num_rules_for_ruleset). */
export function enabledRuleCount(l: Loaded): number {
  return l.engine.buildRuleset({ selection: [], minPriority: 7 }).enabledCount;
}

export const RULE_BASE = `
- rule: test_rule
  desc: test rule
  condition: evt.type = open
  output: command=%proc.cmdline
  priority: INFO
`;
