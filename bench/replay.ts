/**
 * Replay throughput over a large capture (a shared capture repeated with
 * scap-repeat.py): falconet with no rules, one rule and the three official
 * syscall rulesets, against `sysdig -r` with the equivalent filter, run
 * side by side. Peak memory is read with /usr/bin/time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

const ONE_RULE = `- rule: open_from_cat
  desc: a process named cat opens a file
  condition: evt.type = open and proc.name = cat
  output: "open by cat (command=%proc.cmdline file=%fd.name)"
  priority: WARNING
`;

function timed(name: string, cmd: string[], events: number): ReplayRun {
  const t = process.hrtime.bigint();
  // Output goes to /dev/null for every program alike: a pipe would charge sysdig's line-by-line writes.
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...cmd], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`${name} failed (${r.status}): ${r.stderr.slice(-400)}`);
  const rssKb = Number(r.stderr.trim().split('\n').pop());
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

/** Events in the capture as falconet's rules see them (a rule matching every event). */
function countEvents(p: Paths, capture: string): number {
  const rules = join(p.work, 'count.yaml');
  writeFileSync(rules, '- rule: every event\n  desc: all\n  condition: evt.num > 0\n  output: "%evt.num"\n  priority: DEBUG\n');
  const r = spawnSync(join(p.repo, 'falconet'), ['-r', rules, '-o', 'priority=debug', '-o', 'stdout_output.enabled=false', '-o', 'engine.kind=replay', '-o', `engine.replay.capture_file=${capture}`], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const m = /Events detected: (\d+)/.exec(r.stdout);
  if (m === null) throw new Error(`could not count events: ${r.stderr.slice(-400)}`);
  return Number(m[1]);
}

export function benchReplay(p: Paths, times = 30000): ReplayBenchResult {
  const capture = largeCapture(p, times);
  const events = countEvents(p, capture);
  const none = join(p.work, 'none.yaml');
  writeFileSync(none, '[]\n');
  const one = join(p.work, 'one.yaml');
  writeFileSync(one, ONE_RULE);
  const official = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml']
    .flatMap((f) => ['-r', join(p.shared, 'falco-reference/rules', f)]);
  const falconet = (rules: string[]) => [join(p.repo, 'falconet'), ...rules, '-o', 'engine.kind=replay', '-o', `engine.replay.capture_file=${capture}`];
  const runs = [
    timed('sysdig -r, filter "evt.type=open and proc.name=cat"', ['sysdig', '-r', capture, 'evt.type=open and proc.name=cat'], events),
    timed('falconet, no rules', falconet(['-r', none]), events),
    timed('falconet, one rule', falconet(['-r', one]), events),
    timed('falconet, official syscall rulesets', falconet(official), events),
  ];
  return { capture, events, runs };
}
