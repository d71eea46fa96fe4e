/**
 * Replay throughput: falconet with no rules, one rule and the three official
 * syscall rulesets, against `sysdig -r` with the one rule's condition as its
 * filter, run side by side on the same capture. Peak memory is read with
 * /usr/bin/time. Two inputs:
 *
 *   mixed    a recording of a mixed real workload (mixed-capture.ts);
 *   repeat   a shared reference capture repeated with scap-repeat.py.
 *
 * Every falconet run must end with status 0 and print no error or warning:
 * a recorded file that falconet cannot replay cleanly fails the benchmark.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OFFICIAL_SYSCALL_RULESETS } from './official-rules.js';

export interface ReplayRun {
  name: string;
  seconds: number;
  maxRssMb: number;
  eventsPerSecond: number;
}

export interface ReplayBenchResult {
  capture: string;
  events: number;
  runs: ReplayRun[];
}

interface Paths { repo: string; shared: string; work: string }

/** The condition of the "one rule" runs, which sysdig gets as its filter. */
export interface OneRule {
  condition: string;
  output: string;
}

/** Matches a few hundred events of the mixed capture: the C compiler proper starting. */
export const MIXED_ONE_RULE: OneRule = {
  condition: 'evt.type = execve and proc.name = cc1',
  output: 'cc1 started (command=%proc.cmdline parent=%proc.pname)',
};

/** Matches once per repetition of cat_write.scap. */
export const REPEAT_ONE_RULE: OneRule = {
  condition: 'evt.type = open and proc.name = cat',
  output: 'open by cat (command=%proc.cmdline file=%fd.name)',
};

function oneRuleYaml(r: OneRule): string {
  return `- rule: one_rule
  desc: the benchmark's single rule
  condition: ${r.condition}
  output: "${r.output}"
  priority: WARNING
`;
}

/** falconet's log lines that say something went wrong (its info lines start with a timestamp and say neither). */
function complaints(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /\b(error|warning|warn)\b/i.test(l) && !/event drop detected/.test(l));
}

function timed(name: string, cmd: string[], events: number, checkLog: boolean): ReplayRun {
  const t = process.hrtime.bigint();
  // Output goes to /dev/null for every program alike: a pipe would charge sysdig's line-by-line writes.
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...cmd], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`${name} failed (${r.status}): ${r.stderr.slice(-800)}`);
  const lines = r.stderr.trim().split('\n');
  const rssKb = Number(lines.pop());
  if (checkLog) {
    const bad = complaints(lines.join('\n'));
    if (bad.length > 0) throw new Error(`${name} reported problems replaying the capture:\n${bad.slice(0, 20).join('\n')}`);
  }
  return { name, seconds, maxRssMb: rssKb / 1024, eventsPerSecond: events / seconds };
}

/** Builds (once) the large capture: cat_write.scap repeated `times` times. */
export function largeCapture(p: Paths, times: number): string {
  const out = join(p.work, `cat_write_x${times}.scap`);
  if (!existsSync(out)) {
    mkdirSync(p.work, { recursive: true });
    const r = spawnSync('python3', [join(p.shared, 'tools/scap-repeat.py'), join(p.shared, 'falco-reference/traces/cat_write.scap'), out, String(times)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`scap-repeat.py failed: ${r.stderr}`);
  }
  return out;
}

/** Events in the capture as falconet's rules see them (a rule matching every event; enter and exit merged). */
export function countEvents(p: Paths, capture: string): number {
  mkdirSync(p.work, { recursive: true });
  const rules = join(p.work, 'count.yaml');
  writeFileSync(rules, '- rule: every event\n  desc: all\n  condition: evt.num > 0\n  output: "%evt.num"\n  priority: DEBUG\n');
  const r = spawnSync(join(p.repo, 'falconet'), ['-r', rules, '-o', 'priority=debug', '-o', 'stdout_output.enabled=false', '-o', 'engine.kind=replay', '-o', `engine.replay.capture_file=${capture}`], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const m = /Events detected: (\d+)/.exec(r.stdout);
  if (m === null) throw new Error(`could not count events: ${r.stderr.slice(-400)}`);
  return Number(m[1]);
}

/** The four runs on `capture`; `events` is the count the rates are computed from. */
export function benchReplayOf(p: Paths, capture: string, events: number, one: OneRule): ReplayBenchResult {
  mkdirSync(p.work, { recursive: true });
  const none = join(p.work, 'none.yaml');
  writeFileSync(none, '[]\n');
  const oneFile = join(p.work, 'one.yaml');
  writeFileSync(oneFile, oneRuleYaml(one));
  const official = OFFICIAL_SYSCALL_RULESETS.flatMap((f) => ['-r', join(p.shared, 'falco-reference/rules', f)]);
  const falconet = (rules: string[]) => [join(p.repo, 'falconet'), ...rules, '-o', 'engine.kind=replay', '-o', `engine.replay.capture_file=${capture}`];
  const runs = [
    timed(`sysdig -r, filter "${one.condition}"`, ['sysdig', '-r', capture, one.condition], events, false),
    timed('falconet, no rules', falconet(['-r', none]), events, true),
    timed('falconet, one rule', falconet(['-r', oneFile]), events, true),
    timed('falconet, official syscall rulesets', falconet(official), events, true),
  ];
  return { capture, events, runs };
}

/** The repeated reference capture (the benchmark's input before the mixed recording). */
export function benchReplayRepeat(p: Paths, times = 30000): ReplayBenchResult {
  const capture = largeCapture(p, times);
  return benchReplayOf(p, capture, countEvents(p, capture), REPEAT_ONE_RULE);
}
