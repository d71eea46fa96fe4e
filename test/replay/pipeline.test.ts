/**
 * The replay pipeline through the real executable, with rules on evt.*
 * fields only: numbering of the events rules see, plain and gzip captures,
 * rule_matching, priority, stdout_output, JSON output fields, and bad
 * captures (clear error line, alerts before it kept, exit status 1).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { CaptureEventStream } from '../../src/events/capture-stream.js';
import { EXPECTED_0441, TRACES, falconet, lastStderrLine, replayOf } from './run-falconet.js';

const dir = mkdtempSync(join(tmpdir(), 'falconet-replay-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const CAT_WRITE = join(TRACES, 'cat_write.scap');
/** The shared traces are gzip files; this is the same capture uncompressed. */
const CAT_WRITE_PLAIN = file('cat_write-plain.scap', gunzipSync(readFileSync(CAT_WRITE)));

type Golden = Record<string, unknown>;

function golden(capture: string): Golden[] {
  const lines = gunzipSync(readFileSync(join(EXPECTED_0441, `${capture}.fields.jsonl.gz`))).toString('utf8').trim().split('\n');
  return lines.slice(1).map((l) => JSON.parse(l) as Golden);
}

const OPENS = file('opens.yaml', [
  '- rule: open seen',
  '  desc: every open',
  '  condition: evt.type = open',
  '  output: "open %evt.num %evt.arg.name %evt.res"',
  '  priority: WARNING',
  '',
].join('\n'));

/** The open events of cat_write.scap as Falco 0.44.1 numbered them. */
const GOLDEN_OPENS = golden('cat_write.scap')
  .filter((g) => g['evt.type'] === 'open')
  .map((g) => ({
    num: g['evt.num'] as number,
    // 64-bit timestamps do not survive JSON.parse: rebuilt from their exact parts.
    time: BigInt(g['evt.rawtime.s'] as number) * 1_000_000_000n + BigInt(g['evt.rawtime.ns'] as number),
    name: g['evt.arg[1]'] as string,
    res: g['evt.res'] as string,
  }));

function isoOf(ns: bigint): string {
  const seconds = Number(ns / 1_000_000_000n);
  const nanos = String(ns % 1_000_000_000n).padStart(9, '0');
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${nanos}+0000`;
}

function summary(counts: ReadonlyArray<[string, number]>, severity: string): string {
  const total = counts.reduce((a, [, n]) => a + n, 0);
  let s = `Events detected: ${total}\nRule counts by severity:\n`;
  if (total > 0) s += `   ${severity}: ${total}\n`;
  s += 'Triggered rules by rule name:\n';
  for (const [name, n] of counts) if (n > 0) s += `   ${name}: ${n}\n`;
  return s;
}

describe('replay pipeline', () => {
  it('rules see exit events numbered as Falco 0.44.1 numbers them', () => {
    assert.ok(GOLDEN_OPENS.length >= 4);
    const r = falconet(['-r', OPENS, ...replayOf(CAT_WRITE), '-o', 'time_format_iso_8601=true']);
    assert.equal(r.status, 0, r.stderr);
    const expected = GOLDEN_OPENS.map((o) => `${isoOf(o.time)}: Warning open ${o.num} ${o.name} ${o.res}\n`).join('');
    assert.equal(r.stdout, expected + summary([['open seen', GOLDEN_OPENS.length]], 'WARNING'));
  });

  it('a plain capture and its gzip form give the same output', () => {
    const a = falconet(['-r', OPENS, ...replayOf(CAT_WRITE)]);
    const b = falconet(['-r', OPENS, ...replayOf(CAT_WRITE_PLAIN)]);
    assert.equal(a.status, 0);
    assert.equal(b.status, 0);
    assert.equal(b.stdout, a.stdout);
    assert.match(a.stdout, /^Events detected: \d+$/m);
  });

  it('rule_matching: first stops at the first rule, all reports every matching rule in order', () => {
    const rules = file('two.yaml', [
      '- rule: first', '  desc: a', '  condition: evt.type = open', '  output: "one %evt.num"', '  priority: ERROR',
      '- rule: second', '  desc: b', '  condition: evt.type in (open, close)', '  output: "two %evt.num"', '  priority: NOTICE', '',
    ].join('\n'));
    const first = falconet(['-r', rules, ...replayOf(CAT_WRITE)]);
    const all = falconet(['-r', rules, ...replayOf(CAT_WRITE), '-o', 'rule_matching=all']);
    assert.equal(first.status, 0);
    assert.equal(all.status, 0);
    const lines = (r: { stdout: string }) => r.stdout.split('\n').filter((l) => / (Error|Notice) /.test(l)).map((l) => l.replace(/^\S+: /, ''));
    const opens = GOLDEN_OPENS.map((o) => o.num);
    const closes = golden('cat_write.scap').filter((g) => g['evt.type'] === 'close').map((g) => g['evt.num'] as number);
    const byNum = (a: number, b: number) => a - b;
    assert.deepEqual(lines(first), [...opens.map((n) => ({ n, t: `Error one ${n}` })), ...closes.map((n) => ({ n, t: `Notice two ${n}` }))].sort((a, b) => byNum(a.n, b.n)).map((x) => x.t));
    assert.deepEqual(lines(all), [...opens.flatMap((n) => [{ n, k: 0, t: `Error one ${n}` }, { n, k: 1, t: `Notice two ${n}` }]), ...closes.map((n) => ({ n, k: 1, t: `Notice two ${n}` }))]
      .sort((a, b) => byNum(a.n, b.n) || a.k - b.k).map((x) => x.t));
    assert.match(all.stdout, new RegExp(`   first: ${opens.length}\\n   second: ${opens.length + closes.length}\\n$`));
  });

  it('rules below the configured priority do not alert', () => {
    const r = falconet(['-r', OPENS, ...replayOf(CAT_WRITE), '-o', 'priority=error']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, summary([], ''));
  });

  it('with stdout_output disabled no alert is printed, the summary still is', () => {
    const r = falconet(['-r', OPENS, ...replayOf(CAT_WRITE), '-o', 'stdout_output.enabled=false']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, summary([['open seen', GOLDEN_OPENS.length]], 'WARNING'));
  });

  it('JSON alerts carry typed output fields and the FALCO_HOSTNAME host', () => {
    const r = falconet(['-r', OPENS, ...replayOf(CAT_WRITE), '-o', 'json_output=true'], { FALCO_HOSTNAME: 'replay-host' });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('{'));
    assert.equal(lines.length, GOLDEN_OPENS.length);
    lines.forEach((line, i) => {
      const o = GOLDEN_OPENS[i]!;
      const fields = `{"evt.arg.name":${JSON.stringify(o.name)},"evt.num":${o.num},"evt.res":${JSON.stringify(o.res)},"evt.time":${o.time}}`;
      assert.ok(line.includes(`"output_fields":${fields}`), line);
      const a = JSON.parse(line) as Record<string, unknown>;
      assert.equal(a['hostname'], 'replay-host');
      assert.equal(a['rule'], 'open seen');
      assert.equal(a['source'], 'syscall');
    });
  });

  it('a capture cut short: the alerts before the cut, the summary, one error line naming file and offset, status 1', () => {
    // Cut in the middle of the event that follows the second open.
    const stream = new CaptureEventStream(CAT_WRITE_PLAIN);
    const secondOpen = GOLDEN_OPENS[1]!.num;
    let cut = 0;
    for (let d = stream.next(); d !== null; d = stream.next()) {
      if (d.num === secondOpen + 1) {
        cut = d.fileOffset + 10;
        break;
      }
    }
    stream.close();
    assert.ok(cut > 0);
    const truncated = file('truncated.scap', readFileSync(CAT_WRITE_PLAIN).subarray(0, cut));
    const r = falconet(['-r', OPENS, ...replayOf(truncated), '-o', 'time_format_iso_8601=true']);
    assert.equal(r.status, 1);
    const kept = GOLDEN_OPENS.slice(0, 2);
    assert.equal(r.stdout, kept.map((o) => `${isoOf(o.time)}: Warning open ${o.num} ${o.name} ${o.res}\n`).join('') + summary([['open seen', 2]], 'WARNING'));
    assert.match(lastStderrLine(r), new RegExp(`^Error: ${truncated}: at byte \\d+: truncated event block: expected \\d+ bytes, \\d+ left$`));
  });

  it('a file that is not a capture stops before any event with Falco\'s open error (and the empty summary)', () => {
    const bogus = file('bogus.scap', 'not a capture at all\n');
    const r = falconet(['-r', OPENS, ...replayOf(bogus)]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, summary([], ''));
    assert.match(lastStderrLine(r), new RegExp(`^Error: Could not open trace filename ${bogus} for reading: ${bogus}: at byte 0: not a scap capture: expected section header block`));
  });

  it('a missing capture file is reported the same way', () => {
    const missing = join(dir, 'missing.scap');
    const r = falconet(['-r', OPENS, ...replayOf(missing)]);
    assert.equal(r.status, 1);
    assert.equal(lastStderrLine(r), `Error: Could not open trace filename ${missing} for reading: ${missing}: at byte 0: cannot open capture: expected a readable file, ENOENT`);
  });
});
