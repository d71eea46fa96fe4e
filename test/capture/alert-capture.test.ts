/**
 * When capture files start, what they hold and when they end, on the real
 * events of cat_write.scap (cat opens 4 files in 270 µs): alerts are raised
 * by hand on cat's opens (as single_rule.yaml would), the files are read
 * back with falconet's reader. Covers overlapping alerts sharing a file,
 * one file per alert with a zero duration, `rules` vs `all_rules`, the
 * deadline extension by rules without `capture: true`, the size limit and
 * its internal message, and write failures that are counted, not thrown.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AlertCapture, SIZE_LIMIT_RULE, type RuleCaptureSettings } from '../../src/capture/alert-capture.js';
import { captureFilePath } from '../../src/capture/capture-file-name.js';
import type { CaptureConfig } from '../../src/config/capture-config.js';
import type { SyscallEvent } from '../../src/fields/extract/syscall-event.js';
import type { InternalAlert } from '../../src/outputs/alert-format.js';
import { CAT_WRITE, isCatOpen, readBack, replayEvents } from './replay-events.js';

const root = mkdtempSync(join(tmpdir(), 'falconet-alert-capture-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

const RULES: Record<string, RuleCaptureSettings> = {
  capture: { capture: true, captureDurationMs: 0 },
  'capture 1ms': { capture: true, captureDurationMs: 1 },
  'no capture': { capture: false, captureDurationMs: 0 },
};

interface Harness {
  capture: AlertCapture;
  dir: string;
  logs: string[];
  internal: InternalAlert[];
}

function harness(config: Partial<CaptureConfig>, options: { gzip?: boolean; dir?: string } = {}): Harness {
  const dir = options.dir ?? join(root, `run${++dirs}`);
  if (options.dir === undefined) mkdirSync(dir);
  const logs: string[] = [];
  const internal: InternalAlert[] = [];
  const capture = new AlertCapture(
    { enabled: true, pathPrefix: join(dir, 'falco'), mode: 'rules', defaultDurationMs: 5000, maxFileSizeMb: 0, ...config },
    {
      rule: (name) => RULES[name],
      log: (level, m) => logs.push(`${level}: ${m}`),
      internal: (a) => internal.push(a),
      hostname: 'test-host',
      now: () => 1n,
      ...(options.gzip === false ? { gzip: false } : {}),
    },
  );
  return { capture, dir, logs, internal };
}

/** Replays cat_write through the capture; `alerts` names the rules alerting on an event. */
function feed(h: Harness, alerts: (ev: SyscallEvent, index: number) => string[], path = CAT_WRITE): Array<{ ts: bigint; num: number; index: number }> {
  const triggers: Array<{ ts: bigint; num: number; index: number }> = [];
  let i = 0;
  for (const ev of replayEvents(path)) {
    const index = i++;
    const rules = alerts(ev, index);
    for (const r of rules) h.capture.alert(r, ev);
    if (rules.length > 0) triggers.push({ ts: ev.ts, num: ev.num, index });
    h.capture.afterEvent(ev);
  }
  h.capture.flush();
  return triggers;
}

function files(h: Harness): string[] {
  return readdirSync(h.dir).sort().map((f) => join(h.dir, f));
}

const allEvents = [...replayEvents(CAT_WRITE)].length;

describe('capture on alert', () => {
  it('overlapping alerts share one file, named after the first; it holds every event from the trigger on', () => {
    const h = harness({});
    const triggers = feed(h, (ev) => (isCatOpen(ev) ? ['capture'] : []));
    assert.equal(triggers.length, 4);
    const [file, ...others] = files(h);
    assert.deepEqual(others, []);
    assert.equal(file, captureFilePath(join(h.dir, 'falco'), triggers[0]!.ts, triggers[0]!.num));
    const back = readBack(file!);
    // The capture runs to the end of the replay (5 s deadline, 270 µs of events).
    assert.equal(back.events.length, allEvents - triggers[0]!.index);
    assert.equal(back.events[0]!.ts, triggers[0]!.ts);
    assert.deepEqual(back.events[0], { ts: triggers[0]!.ts, type: 'open', comm: 'cat', fd: '/etc/ld.so.cache' });
    assert.equal(back.events.filter((e) => e.type === 'open' && e.comm === 'cat').length, 4);
    assert.equal(h.capture.stats.filesStarted, 1);
    assert.equal(h.capture.stats.filesEnded, 0);
    assert.equal(h.capture.stats.eventsWritten, back.events.length);
    assert.equal(h.capture.currentPath, file);
  });

  it('with a zero default duration each alert writes its own one-event file', () => {
    const h = harness({ defaultDurationMs: 0 });
    const triggers = feed(h, (ev) => (isCatOpen(ev) ? ['capture'] : []));
    const written = files(h);
    assert.deepEqual(written, triggers.map((t) => captureFilePath(join(h.dir, 'falco'), t.ts, t.num)));
    for (const [i, f] of written.entries()) {
      const back = readBack(f);
      assert.deepEqual(back.events.map((e) => [e.ts, e.type, e.comm]), [[triggers[i]!.ts, 'open', 'cat']]);
    }
    assert.deepEqual({ started: h.capture.stats.filesStarted, ended: h.capture.stats.filesEnded }, { started: 4, ended: 4 });
  });

  it('a rule duration of 1 ms ends the file at the first event 1 ms after the trigger', () => {
    const h = harness({});
    let first: bigint | undefined;
    feed(h, (ev) => {
      if (first !== undefined || !isCatOpen(ev)) return [];
      first = ev.ts;
      return ['capture 1ms'];
    });
    const [file] = files(h);
    const back = readBack(file!);
    const last = back.events[back.events.length - 1]!.ts;
    assert.ok(last >= first! + 1_000_000n, 'the last event reaches the deadline');
    assert.ok(back.events.slice(0, -1).every((e) => e.ts < first! + 1_000_000n), 'only the last event is past it');
    assert.equal(h.capture.stats.filesEnded, 1);
  });

  it('mode rules: alerts of rules without capture: true start nothing', () => {
    const h = harness({});
    feed(h, (ev) => (isCatOpen(ev) ? ['no capture'] : []));
    assert.deepEqual(files(h), []);
    assert.equal(h.capture.stats.filesStarted, 0);
  });

  it('mode all_rules: any alert starts a capture', () => {
    const h = harness({ mode: 'all_rules' });
    const triggers = feed(h, (ev) => (isCatOpen(ev) ? ['no capture'] : []));
    assert.deepEqual(files(h), [captureFilePath(join(h.dir, 'falco'), triggers[0]!.ts, triggers[0]!.num)]);
  });

  it('alerts of rules without capture: true still extend a running capture, as in Falco', () => {
    // Alone, 'capture 1ms' on cat's first open ends the file early (see above); the other opens'
    // alerts of 'no capture' push the deadline to 5 s, so the file runs to the end.
    const h = harness({});
    let seen = 0;
    const triggers = feed(h, (ev) => (isCatOpen(ev) ? [++seen === 1 ? 'capture 1ms' : 'no capture'] : []));
    const back = readBack(files(h)[0]!);
    assert.equal(back.events.length, allEvents - triggers[0]!.index);
  });

  it('the size limit ends the file and sends Falco\'s internal message; the next alert starts a new file', () => {
    const h = harness({ maxFileSizeMb: 1, defaultDurationMs: 4294967295 }, { gzip: false });
    // cat_write replayed over and over: about 8 KiB of events per pass.
    let passes = 0;
    while (h.capture.stats.sizeLimitStops === 0 && passes < 400) {
      passes++;
      feed(h, (ev, i) => (i === 0 ? ['capture'] : []));
    }
    assert.equal(h.capture.stats.sizeLimitStops, 1);
    assert.equal(h.internal.length, 1);
    const msg = h.internal[0]!;
    assert.equal(msg.rule, SIZE_LIMIT_RULE);
    assert.equal(msg.message, 'Falco internal: capture size limit reached. Configured limit: 1 MB.');
    assert.equal(msg.priority, 6);
    assert.equal(msg.fields['max_file_size_mb'], 1);
    assert.ok((msg.fields['written_bytes'] as number) >= 1024 * 1024);
    // An alert on another event starts a second file (the same event again would reuse the name).
    feed(h, (ev, i) => (i === 1 ? ['capture'] : []));
    assert.equal(files(h).length, 2);
    assert.equal(h.capture.stats.filesStarted, 2);
    assert.ok(readBack(files(h)[0]!).events.length > 0);
  });

  it('a file that cannot be created is logged once and counted; events and later alerts go on', () => {
    const h = harness({ defaultDurationMs: 0 }, { dir: join(root, 'no', 'such', 'dir') });
    assert.doesNotThrow(() => feed(h, (ev) => (isCatOpen(ev) ? ['capture'] : [])));
    assert.equal(h.capture.stats.openErrors, 4);
    assert.equal(h.capture.stats.filesStarted, 0);
    assert.equal(h.logs.filter((l) => l.startsWith('error:')).length, 1);
    assert.match(h.logs[0]!, /^error: Unable to write capture file .*\/no\/such\/dir\/falco_\d{20}_\d{20}\.scap: ENOENT/);
  });

  it('a write failure abandons the capture, is logged once and counted; the next alert starts over', () => {
    const h = harness({});
    let removed = false;
    feed(h, (ev) => {
      if (!isCatOpen(ev)) return [];
      if (!removed && h.capture.currentPath !== undefined) {
        // The directory disappears under a running capture; the flush at the end of the batch fails.
        rmSync(h.dir, { recursive: true, force: true });
        removed = true;
        h.capture.flush();
      }
      return ['capture'];
    });
    assert.equal(h.capture.stats.writeErrors, 1);
    assert.equal(h.capture.stats.openErrors, 3, 'the 3 later alerts could not start a file either');
    const errors = h.logs.filter((l) => l.startsWith('error:'));
    assert.equal(errors.length, 2, errors.join('\n'));
    assert.match(errors[0]!, /^error: Error writing capture file .*: ENOENT.*the capture is abandoned/);
    assert.match(errors[1]!, /^error: Unable to write capture file .*: ENOENT/);
    assert.equal(h.capture.currentPath, undefined);
  });
});
