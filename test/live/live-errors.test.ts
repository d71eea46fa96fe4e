/**
 * How the live source fails: one clear `Error: ...` line and exit status 1
 * when the buffer preset is out of range, when the probe object is missing,
 * or when the addon cannot be loaded — and what is not a failure: a locked
 * memory limit that cannot be raised (BPF memory is charged to the memory
 * cgroup).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../src/cli/args.js';
import { Fatal } from '../../src/cli/fatal.js';
import { Logger } from '../../src/cli/logger.js';
import { createRuleEngine, type LoadedRules } from '../../src/cli/rules-steps.js';
import type { RunContext } from '../../src/cli/run.js';
import { loadConfig } from '../../src/config/load.js';
import { syscallExtractors } from '../../src/fields/extract/registry.js';
import { ringBytesForPreset, runLive } from '../../src/sources/live.js';
import { linkIdsOf } from './native-probe.js';
import { loadNativeProbe, NativeProbeUnavailable } from '../../src/sources/native-probe.js';
import { jsonAlerts, run, FALCONET, startFalconet } from './live-run.js';

const RULES = `
- rule: shadow
  desc: d
  condition: evt.type = openat and fd.name = /etc/shadow
  output: shadow read by %proc.name
  priority: WARNING
`;

function context(stderr: string[]): RunContext<LoadedRules> {
  const loaded = loadConfig({ overrides: ['engine.kind=modern_ebpf'], env: {} });
  const engine = createRuleEngine();
  const result = engine.load([{ name: 'r.yaml', content: RULES }]);
  return {
    config: loaded.config,
    document: loaded.document,
    options: parseArgs([]),
    log: new Logger((t) => stderr.push(t)),
    io: { stdout: () => undefined, stderr: (t) => stderr.push(t), env: {} },
    enabledSources: ['syscall'],
    rules: { engine, result, selection: [], minPriority: 7, rulesets: new Map() },
    signal: new AbortController().signal,
  };
}

test('live errors: a missing probe object is a Fatal naming the file and the fix; nothing stays attached', async () => {
  const log: string[] = [];
  await assert.rejects(
    runLive(context(log), syscallExtractors, { loadNative: () => loadNativeProbe(), probePath: '/nonexistent/probe.bpf.o' }),
    (e: unknown) => e instanceof Fatal && /^probe object not found at \/nonexistent\/probe\.bpf\.o: build it with scripts\/build-native\.sh/.test(e.message),
  );
  assert.equal(linkIdsOf(process.pid).size, 0);
  assert.ok(log.some((l) => l.includes("Opening 'syscall' source with modern BPF probe.")));
});

test('live errors: an addon that does not load is a Fatal that says how to build it', async () => {
  assert.throws(() => loadNativeProbe('/nonexistent/addon.node'), (e: unknown) =>
    e instanceof NativeProbeUnavailable && /^cannot load the live capture addon \/nonexistent\/addon\.node \(.+\): build it with scripts\/build-native\.sh$/.test(e.message));
  await assert.rejects(
    runLive(context([]), syscallExtractors, { loadNative: () => loadNativeProbe('/nonexistent/addon.node'), probePath: '/x' }),
    (e: unknown) => e instanceof Fatal && e.message.startsWith('cannot load the live capture addon'),
  );
});

test("live errors: buf_size_preset outside 1..10 is Falco's error, exit status 1", async () => {
  const r = await run(FALCONET, ['-o', 'engine.modern_ebpf.buf_size_preset=11']);
  assert.equal(r.status, 1);
  assert.equal(r.stderr.trimEnd().split('\n').pop(), "Error: The 'buf_size_preset' value must be between '1' and '10'");
  assert.equal(r.stdout, '');
  assert.equal(ringBytesForPreset(1, 4096), 1 << 20);
  assert.equal(ringBytesForPreset(4, 4096), 8 << 20);
  assert.equal(ringBytesForPreset(10, 4096), 512 << 20);
  assert.throws(() => ringBytesForPreset(1, 1 << 20), /is not greater than '2 \* 1048576' where '1048576' is your system page size/);
  assert.throws(() => ringBytesForPreset(1, 3 << 20), /is not a multiple of your system page size '3145728'/);
});

test('live start: a locked-memory limit of 0 that cannot be raised does not stop the capture', async () => {
  // Without CAP_SYS_RESOURCE the hard limit cannot be lifted: the loader's attempt fails and is ignored.
  const live = startFalconet(['-o', 'json_output=true', '-M', '3'], [
    'setpriv', '--bounding-set', '-sys_resource', '--inh-caps', '-sys_resource', '--', 'prlimit', '--memlock=0:0',
  ]);
  await live.ready;
  const limits = (await run('cat', [`/proc/${live.child.pid}/limits`])).stdout;
  const cat = await run('cat', ['/etc/shadow']);
  const r = await live.done;
  assert.equal(r.status, 0, r.stderr);
  assert.match(limits, /^Max locked memory\s+0\s+0\s+bytes/m);
  const a = jsonAlerts(r.stdout).find((x) => x.rule === 'Shadow file read' && x.output_fields['proc.pid'] === cat.pid);
  assert.ok(a, r.stdout);
});
