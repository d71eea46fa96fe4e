/**
 * Runs falconet's benchmarks and prints each as a ratio against a baseline
 * measured in the same run. Usage: npm run bench [-- NAME...]
 * Names: rules-load, compile-eval, scap-walk, replay.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchRulesLoad } from './rules-load.js';
import { benchCompiledVsInterpreted } from './compile-eval.js';
import { benchReplay } from './replay.js';
import { benchScapWalk } from './scap-walk.js';

const repo = join(fileURLToPath(import.meta.url), '..', '..', '..');
const referenceRules = process.env.FALCO_REFERENCE_RULES ?? join(repo, '..', 'shared', 'falco-reference', 'rules');

const shared = join(referenceRules, '..', '..');
const work = process.env.FALCONET_BENCH_DIR ?? join(repo, 'build', 'bench');

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
  'scap-walk': () => {
    const r = benchScapWalk();
    console.log(`scap-walk: block walk of a repeated capture (no decoding): ${(r.eventsPerSecond / 1e6).toFixed(1)} M events/s`);
  },
  replay: () => {
    const r = benchReplay({ repo, shared, work });
    const base = r.runs[0]!;
    console.log(`replay: ${r.capture}, ${r.events} events (as rules see them)`);
    for (const run of r.runs) {
      const ratio = run.eventsPerSecond / base.eventsPerSecond;
      console.log(`  ${run.name.padEnd(55)} ${run.seconds.toFixed(2)} s  ${(run.eventsPerSecond / 1e6).toFixed(2)} M events/s  max RSS ${run.maxRssMb.toFixed(0)} MB  ${ratio.toFixed(2)}x sysdig`);
    }
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
