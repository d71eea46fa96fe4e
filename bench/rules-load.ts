/**
 * Loading and compiling Falco's three official syscall rulesets, against
 * the YAML parse of the same files as the baseline measured in the same run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { RuleEngine } from '../src/rules/engine.js';
import { OFFICIAL_SYSCALL_RULESETS } from './official-rules.js';

export interface RulesLoadResult {
  files: string[];
  rules: number;
  runs: number;
  medianLoadMs: number;
  medianYamlMs: number;
  /** load+compile time over YAML-parse time. */
  ratio: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export function benchRulesLoad(rulesDir: string, runs = 15): RulesLoadResult {
  const files = OFFICIAL_SYSCALL_RULESETS.map((n) => ({ name: join(rulesDir, n), content: readFileSync(join(rulesDir, n), 'utf8') }));
  const loadMs: number[] = [];
  const yamlMs: number[] = [];
  let rules = 0;
  for (let i = 0; i < runs; i++) {
    let t = process.hrtime.bigint();
    for (const f of files) parseDocument(f.content, { keepSourceTokens: true });
    yamlMs.push(Number(process.hrtime.bigint() - t) / 1e6);

    t = process.hrtime.bigint();
    const engine = new RuleEngine();
    const result = engine.load(files);
    loadMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (!result.successful) throw new Error('official rules failed to load');
    rules = engine.rules().length;
  }
  const medianLoadMs = median(loadMs);
  const medianYamlMs = median(yamlMs);
  return { files: [...OFFICIAL_SYSCALL_RULESETS], rules, runs, medianLoadMs, medianYamlMs, ratio: medianLoadMs / medianYamlMs };
}
