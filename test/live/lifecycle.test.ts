/**
 * What happens around the capture: a killed process leaves nothing attached
 * (links are file descriptors of the process), and events the consumer is
 * too slow for are counted as drops rather than lost silently.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBatch, defaultOptions, interestingTable, linkIdsOf, loadNative, probeLinkIds, type LiveEvent } from './native-probe.js';
import { sleep } from './live-run.js';

test('live probe: a SIGKILLed process leaves no BPF link behind', async () => {
  const holder = join(fileURLToPath(import.meta.url), '..', 'probe-holder.js');
  const child = spawn(process.execPath, [holder], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`probe holder exited with ${code}`)));
  });
  const ours = [...linkIdsOf(child.pid!)];
  assert.equal(ours.length, 3, 'the holder attached its three programs');
  assert.deepEqual(ours.filter((id) => !probeLinkIds().has(id)), [], 'bpftool lists them');
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  let left = ours;
  for (let i = 0; i < 50 && left.length > 0; i++) {
    await sleep(20); // the kernel releases the links with the process's files
    const now = probeLinkIds();
    left = ours.filter((id) => now.has(id));
  }
  assert.deepEqual(left, []);
});

test('live probe: a full ring is counted in nDropsBuffer, and every other event arrives', async () => {
  // The smallest rings (256 KiB per CPU, 128 KiB of it usable), and the
  // JavaScript thread blocked while a child makes ~35 MB of events: the poll
  // thread queues 16 MiB of batches, then the rings fill.
  const h = loadNative().open({ ...defaultOptions(interestingTable([257, 3])), bufSizeBytes: 4096, cpusForEachBuffer: 0 });
  let delivered = 0;
  h.start((b) => {
    const evs: LiveEvent[] = [];
    decodeBatch(b, evs);
    delivered += evs.length;
  });
  try {
    const loop = 'import os\nfor i in range(250000):\n    os.close(os.open("/etc/hostname", os.O_RDONLY))\n';
    const child = spawnSync('/usr/bin/python3', ['-c', loop], { stdio: 'inherit' });
    assert.equal(child.status, 0);
    h.setInteresting(new Uint8Array(512));
    let s = h.stats();
    for (let i = 0; i < 250 && BigInt(delivered) + s.nDropsBuffer + s.nDropsMaxEventSize + s.nDropsOther < s.nEvts; i++) {
      await sleep(20);
      s = h.stats();
    }
    assert.ok(s.nDropsBuffer > 0n, `expected drops, stats ${JSON.stringify(s, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`);
    assert.equal(BigInt(delivered), s.nEvts - s.nDropsBuffer - s.nDropsMaxEventSize - s.nDropsOther);
  } finally {
    h.close();
  }
});

test('live probe: open() errors name the cause and the fix', () => {
  const native = loadNative();
  assert.throws(() => native.open({ ...defaultOptions(new Uint8Array(512)), probePath: '/nonexistent/probe.bpf.o' }), /probe object not found at \/nonexistent\/probe\.bpf\.o: build it with scripts\/build-native\.sh/);
  assert.throws(() => native.open({ ...defaultOptions(new Uint8Array(512)), bufSizeBytes: 3000 }), /must be a power of 2, a multiple of the page size/);
  assert.throws(() => native.open({ ...defaultOptions(new Uint8Array(512)), interesting: [] as unknown as Uint8Array }), TypeError);
});
