/**
 * The rules steps of startup, as Falco runs them: `-V` validation, loading
 * the rules files (from -r, or rules_files of the configuration), the
 * `rules:` enable/disable selection, and `-L` / `-l` descriptions.
 */
import { RuleEngine } from '../rules/engine.js';
import type { DescribeResult, LoadResult, RuleSelection } from '../rules/engine.js';
import type { Ruleset } from '../rules/ruleset.js';
import { dumpJson } from '../rules/loader/json-text.js';
import {
  fileResultJson, formatVerbose, schemaValidationStatus, validationOutput, validationWarningLogs, SCHEMA_OK,
} from '../rules/loader/load-result.js';
import { Fatal } from './fatal.js';
import type { StepResult } from './info-steps.js';
import { expandRulesPaths, readRulesFiles, RulesFileError } from './rules-files.js';
import type { RulesFileContent } from './rules-files.js';
import type { AppState } from './state.js';

/** What the rules steps hand to the run. */
export interface LoadedRules {
  /** The engine holding the loaded rules. */
  engine: RuleEngine<unknown>;
  result: LoadResult;
  /** The `rules:` selection (or what -D/-t/-T stand for), in order. */
  selection: readonly RuleSelection[];
  /** The configured `priority` as Falco's number (0 Emergency ... 7 Debug). */
  minPriority: number;
  /** One ruleset per enabled event source, selection and priority applied. */
  rulesets: Map<string, Ruleset<unknown>>;
}

/**
 * The engine falconet loads rules with. The lead wires the syscall event
 * type universe and extractors here when the event table and the state
 * layer provide them (they index rules and enable Falco's "no event type"
 * warning).
 */
export function createRuleEngine(): RuleEngine<unknown> {
  return new RuleEngine<unknown>();
}

function read(files: readonly string[]): RulesFileContent[] {
  try {
    return readRulesFiles(files);
  } catch (err) {
    if (err instanceof RulesFileError) throw new Fatal(err.message);
    throw err;
  }
}

export function printRuleSchema(state: AppState): StepResult {
  if (!state.options.printRuleSchema) return undefined;
  // Falco prints the schema without a final line break.
  state.io.stdout(JSON.stringify(RuleEngine.ruleSchema(), null, 2));
  return 0;
}

/** The description `-L` / `-l RULE` asked for, or undefined when neither was given. */
function describe(state: AppState, engine: RuleEngine<unknown>): DescribeResult | undefined {
  const { options } = state;
  if (!options.describeAllRules && options.describeRule === '') return undefined;
  try {
    return engine.describeRules(options.describeRule === '' ? undefined : options.describeRule);
  } catch (err) {
    // Falco does not catch this one: it ends as a runtime error.
    throw new Fatal(err instanceof Error ? err.message : String(err), 1, 'runtime');
  }
}

/** `-V FILE...`: load each file, print the verdict (text or JSON), exit 0 when all are valid. */
export function validateRulesStep(state: AppState): StepResult {
  const { options, log, io } = state;
  if (options.validateFiles.length === 0) return undefined;
  const contents = read(options.validateFiles);
  log.info('Validating rules file(s):');
  for (const f of options.validateFiles) log.info(`   ${f}`);
  const engine = createRuleEngine();
  const result = engine.load(contents);
  const json = state.loaded!.config.jsonOutput;
  const out = validationOutput(result, json);
  if (result.requirementError === undefined) {
    for (const w of validationWarningLogs(result)) log.warning(w);
  }
  const described = out.exitCode === 0 ? describe(state, engine) : undefined;
  if (described !== undefined) {
    if (json) {
      // One object holds both the load results and the descriptions.
      io.stdout(dumpJson({ falco_describe_results: described, falco_load_results: result.files.map(fileResultJson) }) + '\n');
    } else {
      io.stdout(`${out.stdout}\n${RuleEngine.formatDescriptionText(described)}`);
    }
  } else {
    io.stdout(out.stdout);
  }
  if (out.stderr !== '') io.stderr(out.stderr);
  return out.exitCode;
}

/**
 * Loads the rules files (folders expanded) into a new engine and logs the
 * selection that will apply. Stops with Falco's errors: no rules file, a
 * file that cannot be read, an unmet plugin requirement, the first file
 * that fails to load.
 */
export function loadRulesStep(state: AppState): LoadedRules {
  const { options, log } = state;
  const config = state.loaded!.config;
  const paths = options.rulesFiles.length > 0 ? options.rulesFiles : config.rulesFiles;
  if (paths.length === 0) {
    throw new Fatal('You must specify at least one rules file/directory via -r or a rules_file entry in falco.yaml');
  }
  log.debug('Configured rules filenames:');
  for (const p of paths) log.debug(`   ${p}`);
  const { files } = expandRulesPaths(paths);
  const contents = read(files);
  state.loadedRulesFiles = files;
  log.info('Loading rules from:');
  const engine = createRuleEngine();
  const result = engine.load(contents);
  let failure: string | undefined;
  for (const file of result.files) {
    const status = schemaValidationStatus(file);
    const line = `   ${file.name} | schema validation: ${status}`;
    if (status === SCHEMA_OK) log.info(line);
    else log.warning(line);
    if (!file.successful) {
      failure = formatVerbose(file);
      break;
    }
    if (file.warnings.length > 0) log.warning(`${formatVerbose(file)}\n`);
  }
  // An unmet plugin requirement explains the other errors best: Falco reports it first.
  if (result.requirementError !== undefined) throw new Fatal(result.requirementError);
  if (failure !== undefined) throw new Fatal(failure);
  for (const sel of config.rules) {
    const verb = sel.op === 'enable' ? 'Enabling' : 'Disabling';
    if (sel.rule !== '') log.info(`${verb} rules with name: ${sel.rule}`);
    if (sel.tag !== '') log.info(`${verb} rules with tag: ${sel.tag}`);
  }
  const selection = config.rules;
  const minPriority = config.priority;
  const rulesets = new Map<string, Ruleset<unknown>>();
  for (const source of state.enabledSources) rulesets.set(source, engine.buildRuleset({ selection, minPriority, source }));
  return { engine, result, selection, minPriority, rulesets };
}

/** `-L` / `-l RULE` without `-V`: print the descriptions of the loaded rules and exit. */
export function describeRulesStep(state: AppState, rules: LoadedRules): StepResult {
  const described = describe(state, rules.engine);
  if (described === undefined) return undefined;
  state.io.stdout(state.loaded!.config.jsonOutput ? RuleEngine.formatDescriptionJson(described) : RuleEngine.formatDescriptionText(described));
  return 0;
}
