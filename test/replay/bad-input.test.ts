/**
 * Bad capture files through the real executable: empty, not a capture,
 * gzip of garbage, a broken gzip stream, and captures damaged after events
 * that raise alerts (cut inside an event block, a lying block length,
 * parameter lengths larger than their event, a process list with a lying
 * length). Every run must end with status 1 and exactly one "Error: ..."
 * line naming the file, the byte offset and what was expected there, no
 * stack trace, and the alerts raised before the damage plus the summary on
 * stdout.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { constants as zlibConstants, deflateRawSync, gzipSync } from 'node:zlib';
import { EVENT_TABLE } from '../../src/events/event-table.js';
import { loadSample, rng, type CaptureSample, type EventSite } from './fuzz-support.js';
import { EXPECTED, TRACES, falconet, replayOf, type Run } from './run-falconet.js';

const dir = mkdtempSync(join(tmpdir(), 'falconet-bad-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Falco's test rule, unchanged: an alert for every open by cat. */
const SINGLE_RULE = file('single_rule.yaml', readFileSync(join(EXPECTED, 'single_rule.yaml')));
/** For a capture of v2 event blocks: an alert for every sendmsg. */
const SENDMSG_RULE = file('sendmsg.yaml', [
  '- rule: sendmsg seen',
  '  desc: every sendmsg',
  '  condition: evt.type = sendmsg',
  '  output: "sendmsg %evt.num res=%evt.res"',
  '  priority: NOTICE',
  '',
].join('\n'));

function replay(rules: string, capture: string): Run {
  return falconet(['-r', rules, ...replayOf(capture)]);
}

function summary(rule: string, severity: string, n: number): string {
  if (n === 0) return 'Events detected: 0\nRule counts by severity:\nTriggered rules by rule name:\n';
  return `Events detected: ${n}\nRule counts by severity:\n   ${severity}: ${n}\nTriggered rules by rule name:\n   ${rule}: ${n}\n`;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The run failed the way the issue asks: status 1, one error line (matching
 * `error`), no stack trace, no runtime error, and exactly `stdout`.
 */
function assertFailed(r: Run, error: RegExp, stdout: string): void {
  assert.equal(r.status, 1, r.stderr);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('Error: '));
  assert.equal(errors.length, 1, r.stderr);
  assert.match(errors[0]!, error);
  assert.doesNotMatch(r.stderr, /^ +at /m, 'stack trace on stderr');
  assert.doesNotMatch(r.stderr, /node:internal|Runtime error|TypeError|RangeError/);
  assert.equal(r.stdout, stdout);
}

interface Damaged {
  /** The clean capture, uncompressed, mapped. */
  sample: CaptureSample;
  /** Alert lines of the clean capture. */
  alerts: string[];
  /** The event block right after the `kept`-th alert: where damage goes. */
  target: EventSite;
}

/**
 * Maps a shared capture, replays it clean for its alerts, and finds the
 * event stored right after the `kept`-th exit event of type `alertType`
 * (the rules alert on each of those).
 */
function prepare(capture: string, rules: string, alertType: string, kept: number): Damaged {
  const sample = loadSample(join(TRACES, capture));
  const clean = replay(rules, file(`clean-${capture}`, sample.data));
  assert.equal(clean.status, 0, clean.stderr);
  const alerts = clean.stdout.split('\n').filter((l) => /^\d\d:\d\d:\d\d\.\d{9}: /.test(l));
  assert.ok(alerts.length > kept, `${capture}: only ${alerts.length} alerts`);
  // Rules see exit events only (enter events are merged into them).
  const exits = sample.events.flatMap((e, i) => ((e.type & 1) === 1 && EVENT_TABLE[e.type]?.name === alertType ? [i] : []));
  const target = sample.events[exits[kept - 1]! + 1];
  assert.ok(target !== undefined, `${capture}: no event after alert ${kept}`);
  return { sample, alerts, target };
}

describe('replay of bad capture files', () => {
  const cat = prepare('cat_write.scap', SINGLE_RULE, 'open', 2);
  /** What stdout holds when the damage comes after the first two opens. */
  const catKept = cat.alerts.slice(0, 2).map((l) => `${l}\n`).join('') + summary('open_from_cat', 'WARNING', 2);
  const openError = (p: string, rest: string): RegExp =>
    new RegExp(`^Error: Could not open trace filename ${escape(p)} for reading: ${escape(p)}: ${rest}$`);
  const noAlerts = summary('open_from_cat', 'WARNING', 0);

  it('the clean capture gives the four alerts Falco gives', () => {
    assert.equal(cat.alerts.length, 4);
    assert.equal(cat.target.headerSize, 22, 'cat_write.scap holds v1 event blocks');
  });

  it('an empty file', () => {
    const p = file('empty.scap', Buffer.alloc(0));
    assertFailed(replay(SINGLE_RULE, p), openError(p, 'at byte 0: empty capture: expected a section header block, 0 bytes in the file'), noAlerts);
  });

  it('a text file', () => {
    const p = file('notes.scap', 'this is not a capture\n');
    // The first four bytes, read as the little-endian block type.
    const found = Buffer.from('this').readUInt32LE(0).toString(16);
    assertFailed(replay(SINGLE_RULE, p), openError(p, `at byte 0: not a scap capture: expected section header block type 0x0a0d0d0a, 0x${found}`), noAlerts);
  });

  it('a gzip file of garbage (valid gzip, not a capture inside)', () => {
    const r = rng(42);
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(r() * 256);
    const p = file('garbage.scap.gz', gzipSync(junk));
    const found = junk.readUInt32LE(0).toString(16).padStart(8, '0');
    assertFailed(replay(SINGLE_RULE, p), openError(p, `at byte 0 \\(uncompressed\\): not a scap capture: expected section header block type 0x0a0d0d0a, 0x${found}`), noAlerts);
  });

  it('a gzip header followed by garbage', () => {
    const head = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]);
    const p = file('broken-gzip.scap', Buffer.concat([head, Buffer.from('\xff\xfe this is no deflate stream', 'latin1')]));
    assertFailed(replay(SINGLE_RULE, p), openError(p, 'at byte 0 \\(uncompressed\\): corrupt gzip data: expected a complete gzip stream, .+'), noAlerts);
  });

  it('a capture cut in the middle of an event block: the two alerts before it are printed', () => {
    const { offset, length } = cat.target.block;
    const p = file('cut.scap', cat.sample.data.subarray(0, offset + 20));
    assertFailed(replay(SINGLE_RULE, p), new RegExp(`^Error: ${escape(p)}: at byte ${offset}: truncated event block: expected ${length} bytes, 20 left$`), catKept);
  });

  it('the same cut capture compressed: the offset counts uncompressed bytes', () => {
    const { offset, length } = cat.target.block;
    const p = file('cut.scap.gz', gzipSync(cat.sample.data.subarray(0, offset + 20)));
    assertFailed(replay(SINGLE_RULE, p), new RegExp(`^Error: ${escape(p)}: at byte ${offset} \\(uncompressed\\): truncated event block: expected ${length} bytes, 20 left$`), catKept);
  });

  it('a gzip stream cut short: the alerts of the events inflated before the cut are printed', () => {
    const gz = gzipSync(cat.sample.data);
    const p = file('cut-stream.scap.gz', gz.subarray(0, Math.floor(gz.length * 0.9)));
    const r = replay(SINGLE_RULE, p);
    const printed = r.stdout.split('\n').filter((l) => /^\d\d:\d\d:\d\d\.\d{9}: /.test(l));
    assert.deepEqual(printed, cat.alerts.slice(0, printed.length));
    assertFailed(
      r,
      new RegExp(`^Error: ${escape(p)}: at byte \\d+ \\(uncompressed\\): corrupt gzip data: expected a complete gzip stream, unexpected end of file$`),
      printed.map((l) => `${l}\n`).join('') + summary('open_from_cat', 'WARNING', printed.length),
    );
  });

  it('a gzip stream that ends at a flush point after two alerting events', () => {
    // What a writer killed after flushing leaves: a deflate stream with no final block and no trailer.
    const at = cat.target.block.offset;
    const head = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]);
    const body = deflateRawSync(cat.sample.data.subarray(0, at), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    const p = file('flushed.scap.gz', Buffer.concat([head, body]));
    assertFailed(
      replay(SINGLE_RULE, p),
      new RegExp(`^Error: ${escape(p)}: at byte ${at} \\(uncompressed\\): corrupt gzip data: expected a complete gzip stream, unexpected end of file$`),
      catKept,
    );
  });

  it('an event block whose length field is corrupt', () => {
    const { offset } = cat.target.block;
    const data = Buffer.from(cat.sample.data);
    data.writeUInt32LE(0x7fffffff, offset + 4);
    const p = file('block-length.scap', data);
    // A non-large event block holds at most 64 KiB after its 8-byte header.
    assertFailed(replay(SINGLE_RULE, p), new RegExp(`^Error: ${escape(p)}: at byte ${offset}: event block too long: expected at most 65544 bytes, 2147483647$`), catKept);
  });

  it('an event block whose length is below the minimum block size', () => {
    const { offset } = cat.target.block;
    const data = Buffer.from(cat.sample.data);
    data.writeUInt32LE(5, offset + 4);
    const p = file('block-length-small.scap', data);
    assertFailed(replay(SINGLE_RULE, p), new RegExp(`^Error: ${escape(p)}: at byte ${offset}: invalid block length: expected at least 12, 5$`), catKept);
  });

  it('a v1 event whose parameter lengths exceed the event', () => {
    const t = cat.target;
    const data = Buffer.from(cat.sample.data);
    data.writeUInt16LE(0xffff, t.header + t.headerSize);
    const p = file('v1-param-length.scap', data);
    const len = data.readUInt32LE(t.header + 16);
    assertFailed(
      replay(SINGLE_RULE, p),
      new RegExp(`^Error: ${escape(p)}: at byte ${t.header}: cannot infer the parameter count of a v1 event: expected parameter lengths adding up to ${len - 22} bytes, none fit$`),
      catKept,
    );
  });

  it('a v2 event whose parameter lengths exceed the event', () => {
    const ping = prepare('ping_sendto.scap', SENDMSG_RULE, 'sendmsg', 2);
    const t = ping.target;
    assert.equal(t.headerSize, 26, 'ping_sendto.scap holds v2 event blocks');
    assert.ok(t.nparams > 0);
    const data = Buffer.from(ping.sample.data);
    const at = t.header + t.headerSize;
    const old = data.readUInt16LE(at);
    const len = data.readUInt32LE(t.header + 16);
    const grown = old + len; // certainly past the end of the event
    data.writeUInt16LE(grown, at);
    const p = file('v2-param-length.scap', data);
    assertFailed(
      replay(SENDMSG_RULE, p),
      new RegExp(`^Error: ${escape(p)}: at byte ${t.header}: event parameters overflow the event: expected ${len} bytes, ${len + len} needed$`),
      ping.alerts.slice(0, 2).map((l) => `${l}\n`).join('') + summary('sendmsg seen', 'NOTICE', 2),
    );
  });

  it('a process list block with a lying length between events', () => {
    // A capture appended to another repeats its tables between events: here a
    // copy of the process list whose length claims 8 bytes more than it has.
    const list = cat.sample.tables.find((b) => b.type === 0x212);
    assert.ok(list !== undefined, 'cat_write.scap has a v6 process list');
    const copy = Buffer.from(cat.sample.data.subarray(list.offset, list.offset + list.length));
    const lying = list.length + 8;
    copy.writeUInt32LE(lying, 4);
    const at = cat.target.block.offset;
    const data = Buffer.concat([cat.sample.data.subarray(0, at), copy, cat.sample.data.subarray(at)]);
    const p = file('process-list.scap', data);
    // Its trailer is read where the lying length says it is: inside the next block.
    const trailerAt = at + lying - 4;
    const found = data.readUInt32LE(trailerAt);
    assertFailed(
      replay(SINGLE_RULE, p),
      new RegExp(`^Error: ${escape(p)}: at byte ${trailerAt}: block trailer does not match its header: expected total length ${lying}, ${found}$`),
      catKept,
    );
  });

  it('a process list entry with a lying string length in the header: no event was read, none alerted', () => {
    const list = cat.sample.tables.find((b) => b.type === 0x212)!;
    const data = Buffer.from(cat.sample.data);
    // v6 entries start with tid, pid, ptid, sid (i64 each), then comm as u16 length + bytes.
    const commLength = list.offset + 8 + 32;
    data.writeUInt16LE(0xfff0, commLength);
    const p = file('process-entry.scap', data);
    assertFailed(replay(SINGLE_RULE, p), openError(p, `at byte ${commLength}: .+: expected .+`), noAlerts);
  });
});
