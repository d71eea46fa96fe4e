/**
 * Runs falconet's benchmarks and prints each as a ratio against a baseline
 * measured in the same run. Usage: npm run bench [-- NAME...]
 * Names: rules-load, compile-eval.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchRulesLoad } from './rules-load.js';
import { benchCompiledVsInterpreted } from './compile-eval.js';

const repo = join(fileURLToPath(import.meta.url), '..', '..', '..');
const referenceRules = process.env.FALCO_REFERENCE_RULES ?? join(repo, '..', 'shared', 'falco-reference', 'rules');

const benches: Record<string, () => void> = {
  'rules-load': () => {
    const r = benchRulesLoad(referenceRules);
    console.log(`rules-load: ${r.rules} rules from ${r.files.length} official rulesets, median of ${r.runs} runs`);
    console.log(`  load+compile ${r.medianLoadMs.toFixed(1)} ms (target < 300 ms), YAML parse alone ${r.medianYamlMs.toFixed(1)} ms`);
    console.log(`  ratio load+compile / YAML parse: ${r.ratio.toFixed(2)}x`);
  },
  'compile-eval': () => {
    const r = benchCompiledVsInterpreted();
    console.log(`compile-eval: ${r.conditions} conditions x ${r.events} synthetic events`);
    console.log(`  compiled ${(r.compiledOpsPerSec / 1e6).toFixed(2)} M evals/s, interpreter ${(r.interpretedOpsPerSec / 1e6).toFixed(2)} M evals/s`);
    console.log(`  ratio compiled / interpreter: ${r.ratio.toFixed(2)}x (target >= 5x)`);
  },
};

const wanted = process.argv.slice(2);
for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
  const run = benches[name];
  if (run === undefined) {
    console.error(`unknown benchmark '${name}'; known: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  run();
}
