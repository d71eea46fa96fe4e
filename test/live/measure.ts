/**
 * Measures the live probe on a syscall-heavy workload (not a test: run
 * `node dist/test/live/measure.js [iterations]` as root). A child does N
 * open+close pairs; it runs alone, with the probe attached but nothing
 * interesting (the cost of the filter on every syscall), and capturing both
 * calls (every event delivered to JavaScript, where blocks are counted).
 * NRS=3,257 picks the captured syscall numbers (default open, close, openat).
 */
import { spawn, spawnSync } from 'node:child_process';
import { defaultOptions, interestingTable, loadNative } from './native-probe.js';
import { sleep } from './live-run.js';

const N = Number(process.argv[2] ?? 200000);
const LOOP = `import os, time\nt = time.perf_counter()\nfor i in range(${N}):\n    os.close(os.open("/etc/hostname", os.O_RDONLY))\nprint(time.perf_counter() - t)\n`;

function workload(): number {
  const r = spawnSync('/usr/bin/python3', ['-c', LOOP], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout.trim());
}

/** The workload without blocking the event loop, so batches keep flowing. */
function workloadAsync(): Promise<number> {
  return new Promise((resolve, reject) => {
    const c = spawn('/usr/bin/python3', ['-c', LOOP], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.on('exit', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`exit ${code}`))));
  });
}

function best(runs: number, f: () => number): number {
  let b = Infinity;
  for (let i = 0; i < runs; i++) b = Math.min(b, f());
  return b;
}

async function main(): Promise<void> {
  const native = loadNative();
  const alone = best(3, workload);

  const idle = native.open(defaultOptions(new Uint8Array(512)));
  idle.start(() => {});
  const filtered = best(3, workload);
  idle.close();

  const h = native.open(defaultOptions(interestingTable((process.env.NRS ?? "2,3,257").split(",").map(Number))));
  let events = 0;
  let batches = 0;
  h.start((b) => {
    batches++;
    for (let o = 0; o < b.length; o += b.readUInt32LE(o + 4)) events++;
  });
  const t0 = process.hrtime.bigint();
  const captured = await workloadAsync();
  const before = h.stats();
  while (BigInt(events) < before.nEvts - before.nDropsBuffer) await sleep(5);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const s = h.stats();
  h.close();

  const syscalls = 2 * N;
  const fmt = (x: number): string => x.toFixed(3);
  console.log(`workload: ${N} open+close pairs (${syscalls} syscalls)`);
  console.log(`alone ${fmt(alone)} s | probe, nothing interesting ${fmt(filtered)} s | probe capturing ${fmt(captured)} s`);
  console.log(`filter cost per syscall: ${(((filtered - alone) / syscalls) * 1e9).toFixed(0)} ns`);
  console.log(`capture cost per event, filter included (in the traced process): ${(((captured - alone) / events) * 1e9).toFixed(0)} ns`);
  console.log(`delivered ${events} events in ${batches} batches (${(events / batches).toFixed(1)} per batch), ${(events / wall / 1e6).toFixed(2)} M events/s end to end`);
  console.log(`kernel: nEvts ${s.nEvts}, drops buffer ${s.nDropsBuffer}, too big ${s.nDropsMaxEventSize}, other ${s.nDropsOther}`);
}

await main();
