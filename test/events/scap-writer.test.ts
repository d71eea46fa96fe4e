import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { EventView } from '../../src/events/event-view.js';
import { BlockType, PROCESS_DEFAULTS, ScapFdType } from '../../src/events/scap-blocks.js';
import { openCapture, openCaptureBuffer } from '../../src/events/scap-reader.js';
import type { CaptureTables, FdEntry, ProcessEntry } from '../../src/events/scap-records.js';
import { CaptureWriter, MemorySink, openCaptureWriter, type CaptureWriterOptions } from '../../src/events/scap-writer.js';
import { hasSysdig, readAll, readBuffer, readFile, sysdig, tablesOf, TRACES } from './scap-support.js';

const tmp = mkdtempSync(join(tmpdir(), 'scap-writer-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Copies a capture through the reader and the writer. */
function rewrite(path: string, out: string, options: CaptureWriterOptions = {}): void {
  const r = openCapture(path);
  const w = openCaptureWriter(out, options);
  w.writeTables(r.header);
  const v = new EventView();
  for (let b = r.next(); b; b = r.next()) {
    if (b.tables) w.writeTables(b.tables);
    for (let i = 0; i < b.count; i++) w.writeEvent(v.at(b, i));
  }
  w.close();
  r.close();
}

/** A v2 event: ts, tid, type, then u16-length parameters (u32 lengths when `large`). */
function makeEvent(ts: bigint, tid: number, type: number, params: Buffer[], large = false): Buffer {
  const ls = large ? 4 : 2;
  const len = 26 + params.length * ls + params.reduce((a, p) => a + p.length, 0);
  const b = Buffer.alloc(len);
  b.writeBigUInt64LE(ts, 0);
  b.writeBigInt64LE(BigInt(tid), 8);
  b.writeUInt32LE(len, 16);
  b.writeUInt16LE(type, 20);
  b.writeUInt32LE(params.length, 22);
  let o = 26;
  for (const p of params) {
    if (large) b.writeUInt32LE(p.length, o);
    else b.writeUInt16LE(p.length, o);
    o += ls;
  }
  for (const p of params) {
    p.copy(b, o);
    o += p.length;
  }
  return b;
}

function u64(v: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v);
  return b;
}

const PROCINFO_E = 234;

const process: ProcessEntry = {
  ...PROCESS_DEFAULTS,
  tid: 4242,
  pid: 4242,
  ptid: 1,
  sid: 4200,
  vpgid: 4242,
  comm: 'wrïter',
  exe: '/usr/bin/writer',
  exepath: '/usr/bin/writer',
  args: ['--flag', '', 'last arg'],
  cwd: '/srv/data',
  fdlimit: 1024,
  flags: 0x10,
  uid: 1000,
  gid: 1000,
  vmsizeKb: 12345,
  vmrssKb: 678,
  vmswapKb: 9,
  pfmajor: 11,
  pfminor: 2 ** 40,
  env: ['HOME=/home/w', 'LANG=C.UTF-8'],
  vtid: 7,
  vpid: 7,
  cgroups: ['cpu=/docker/abc', 'memory=/docker/abc'],
  root: '/',
  pidnsInitStartTs: 1700000000123456789n,
  tty: 34816,
  loginuid: 1000,
  exeWritable: true,
  capInheritable: 0n,
  capPermitted: 0x1ffffffffffn,
  capEffective: 0xffffffffffffffffn,
  exeUpperLayer: true,
  exeIno: 123456789012n,
  exeInoCtime: 1600000000000000000n,
  exeInoMtime: 1600000000000000001n,
  exeFromMemfd: false,
  exeLowerLayer: true,
  pgid: 4242,
};

const ip6 = (last: number): Uint8Array => Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last]);

const fds: FdEntry[] = [
  { kind: 'file', tid: 4242, fd: 0, ino: 17n, type: ScapFdType.FILE_V2, name: '/dev/null', openFlags: 1, dev: 0x805 },
  { kind: 'named', tid: 4242, fd: 1, ino: 18n, type: ScapFdType.DIRECTORY, name: '/srv/data' },
  { kind: 'named', tid: 4242, fd: 2, ino: 19n, type: ScapFdType.FIFO, name: 'pipe:[55]' },
  { kind: 'ipv4', tid: 4242, fd: 3, ino: 0n, type: ScapFdType.IPV4_SOCK, sip: 0x0100007f, dip: 0x0200007f, sport: 40000, dport: 80, l4proto: 3 },
  { kind: 'ipv4-server', tid: 4242, fd: 4, ino: 0n, type: ScapFdType.IPV4_SERVSOCK, ip: 0, port: 8080, l4proto: 3 },
  { kind: 'ipv6', tid: 4242, fd: 5, ino: 0n, type: ScapFdType.IPV6_SOCK, sip: ip6(1), dip: ip6(2), sport: 5000, dport: 443, l4proto: 3 },
  { kind: 'ipv6-server', tid: 4242, fd: 6, ino: 0n, type: ScapFdType.IPV6_SERVSOCK, ip: ip6(3), port: 22, l4proto: 3 },
  { kind: 'unix', tid: 4242, fd: 7, ino: 99n, type: ScapFdType.UNIX_SOCK, source: 0xffff8880aabbccddn, destination: 0n, name: '/run/app.sock' },
  { kind: 'named', tid: 4242, fd: 8, ino: 0n, type: ScapFdType.EVENTPOLL, name: '' },
  { kind: 'named', tid: 1, fd: 0, ino: 5n, type: ScapFdType.FILE, name: '/dev/console' },
];

const tables: CaptureTables = {
  section: null,
  machine: {
    numCpus: 8,
    memorySizeBytes: 16n << 30n,
    maxPid: 4194304n,
    hostname: 'falconet-test',
    bootTsEpoch: 1690000000000000000n,
    flags: 0n,
    reserved3: 0n,
    reserved4: 0n,
  },
  processes: [{ ...process, tid: 1, pid: 1, ptid: 0, comm: 'init', exe: '/sbin/init', args: [], uid: 0, gid: 0 }, process],
  fds,
  interfaces: [
    { kind: 'ipv4', type: 1, name: 'lo', addr: 0x0100007f, netmask: 0xff, bcast: 0x0100007f, linkspeed: 0n },
    { kind: 'ipv4', type: 3, name: 'eth0', addr: 0x0200000a, netmask: 0xffffff, bcast: 0xff00000a, linkspeed: 0n },
    { kind: 'ipv6', type: 2, name: 'eth0', addr: ip6(9), netmask: new Uint8Array(16).fill(255), bcast: new Uint8Array(16), linkspeed: 1000n },
    { kind: 'ipv6', type: 4, name: 'tun0', addr: ip6(8), netmask: new Uint8Array(16), bcast: new Uint8Array(16), linkspeed: 0n },
  ],
  users: [
    { uid: 0, gid: 0, name: 'root', homedir: '/root', shell: '/bin/bash' },
    { uid: 1000, gid: 1000, name: 'writer', homedir: '/home/w', shell: '/bin/zsh' },
  ],
  groups: [
    { gid: 0, name: 'root' },
    { gid: 1000, name: 'writers' },
  ],
  unknownBlocks: 0,
};

/** A capture with the synthetic tables and a few procinfo events (one flagged, one large-payload). */
function synthetic(options: CaptureWriterOptions = {}): Buffer {
  const sink = new MemorySink();
  const w = new CaptureWriter(sink, options);
  w.writeTables(tables);
  for (let i = 0; i < 5; i++) {
    const ev = makeEvent(1700000000000000000n + BigInt(i), 4242, PROCINFO_E, [u64(BigInt(i)), u64(BigInt(10 * i))]);
    w.writeEventBytes(ev, 0, i % 2, i === 3 ? 1 : 0);
  }
  const plugin = makeEvent(1700000000000000009n, 4242, 322, [Buffer.from([7, 0, 0, 0]), Buffer.alloc(70000, 0x61)], true);
  w.writeEventBytes(plugin, 0, 1, 0);
  w.close();
  return sink.toBuffer();
}

describe('scap writer', () => {
  test('synthetic tables of every kind read back identically', () => {
    const got = readBuffer(synthetic());
    assert.deepEqual(tablesOf(got.header), tablesOf(tables));
    assert.equal(got.header.section.major, 1);
    assert.equal(got.header.section.minor, 2);
  });

  test('events keep cpu, flags and parameters, and large-payload events get large blocks', () => {
    const data = synthetic();
    const got = readBuffer(data);
    assert.equal(got.events.length, 6);
    assert.deepEqual(
      got.events.map((e) => [e.cpu, e.flags, e.tid]),
      [[0, 0, 4242], [1, 0, 4242], [0, 0, 4242], [1, 1, 4242], [0, 0, 4242], [1, 0, 4242]],
    );
    assert.equal(got.events[2]!.params[1], u64(20n).toString('hex'));
    assert.equal(got.events[5]!.params[1]!.length, 140000);
    const r = openCaptureBuffer(data, 'synthetic');
    while (r.next()) {
      /* walk to the end */
    }
    const counts = r.blockCounts();
    r.close();
    assert.equal(counts.get(BlockType.EV_V2), 4);
    assert.equal(counts.get(BlockType.EVF_V2), 1);
    assert.equal(counts.get(BlockType.EV_V2_LARGE), 1);
    for (const t of [BlockType.MI, BlockType.IL_V2, BlockType.UL_V2, BlockType.PL_V9]) assert.equal(counts.get(t), 1);
    assert.equal(counts.get(BlockType.FDL_V2), 2);
  });

  test('gzip output in many members reads the same as plain output', () => {
    const plain = synthetic();
    const gz = synthetic({ gzip: true, chunkSize: 4096 });
    assert.equal(gz[0], 0x1f);
    assert.equal(gunzipSync(gz).equals(plain), true);
    assert.deepEqual(readBuffer(gz).events, readBuffer(plain).events);
  });

  test('strings longer than the format allows are refused', () => {
    const w = new CaptureWriter(new MemorySink());
    assert.throws(() => w.writeUsers([{ uid: 1, gid: 1, name: 'x'.repeat(256), homedir: '/', shell: '/bin/sh' }], []), RangeError);
    assert.throws(() => w.writeProcesses([{ ...process, comm: 'y'.repeat(1025) }]), RangeError);
  });

  test('sysdig reads the synthetic capture: process, user and fd tables', (t) => {
    assert.ok(hasSysdig(), 'sysdig is required: scripts/setup.sh installs it');
    const path = join(tmp, 'synthetic.scap');
    const w = openCaptureWriter(path);
    w.writeTables(tables);
    w.writeEventBytes(makeEvent(1700000000000000000n, 4242, PROCINFO_E, [u64(1n), u64(2n)]), 0);
    w.close();
    const fields = ['%proc.pid', '%proc.name', '%proc.exe', '%proc.args', '%proc.cwd', '%user.name', '%proc.vpid', '%evt.arg.cpu_sys'];
    const line = sysdig(['-D', '-r', path, '-p', fields.join('\t')]).trim();
    assert.equal(line, ['4242', 'wrïter', '/usr/bin/writer', '--flag  last arg', '/srv/data/', 'writer', '7', '2'].join('\t'));
    const lsof = sysdig(['-r', path, '-c', 'lsof']);
    for (const name of ['/dev/null', '/srv/data', '/run/app.sock', '127.0.0.1:40000->127.0.0.2:80', '/dev/console']) {
      assert.ok(lsof.includes(name), `lsof shows ${name}`);
    }
  });

  test('the legacy process tail keeps loginuid and capabilities, drops the newer fields', (t) => {
    const sink = new MemorySink();
    const w = new CaptureWriter(sink, { legacyProcessTail: true });
    w.writeProcesses([process]);
    w.writeEventBytes(makeEvent(1700000000000000000n, 4242, PROCINFO_E, [u64(1n), u64(2n)]), 0);
    w.close();
    const [got] = readBuffer(sink.toBuffer()).header.processes;
    assert.deepEqual(got, {
      ...process,
      pidnsInitStartTs: 0n,
      tty: 0,
      exeUpperLayer: false,
      exeIno: 0n,
      exeInoCtime: 0n,
      exeInoMtime: 0n,
      exeLowerLayer: false,
      pgid: -1,
    });
    assert.ok(hasSysdig(), 'sysdig is required: scripts/setup.sh installs it');
    const path = join(tmp, 'legacy-tail.scap');
    const f = openCaptureWriter(path, { legacyProcessTail: true });
    f.writeProcesses([process]);
    f.writeEventBytes(makeEvent(1700000000000000000n, 4242, PROCINFO_E, [u64(1n), u64(2n)]), 0);
    f.close();
    assert.equal(sysdig(['-D', '-r', path, '-p', '%proc.pid %user.loginuid']).trim(), '4242 1000');
  });

  for (const path of TRACES) {
    const name = basename(path);
    test(`${name}: read, write, read gives the same events and tables (plain and gzip)`, () => {
      const original = readFile(path);
      for (const gzip of [false, true]) {
        const out = join(tmp, `${name}.${gzip ? 'gz' : 'plain'}`);
        rewrite(path, out, { gzip });
        const again = readFile(out);
        assert.deepEqual(again.events, original.events);
        assert.deepEqual(tablesOf(again.header), tablesOf(original.header));
        assert.equal(readFileSync(out)[0] === 0x1f, gzip);
      }
    });

    test(`${name}: sysdig prints the same for the rewritten capture`, (t) => {
      assert.ok(hasSysdig(), 'sysdig is required: scripts/setup.sh installs it');
      const out = join(tmp, `${name}.sysdig`);
      rewrite(path, out);
      for (const args of [[], ['-D'], ['-c', 'ps'], ['-c', 'lsof']]) {
        assert.equal(sysdig(['-r', out, ...args]), sysdig(['-r', path, ...args]), `sysdig ${args.join(' ')}`);
      }
      const gz = join(tmp, `${name}.sysdig.gz`);
      rewrite(path, gz, { gzip: true, chunkSize: 8192 }); // several gzip members
      assert.equal(sysdig(['-D', '-r', gz]), sysdig(['-D', '-r', path]), 'multi-member gzip');
    });
  }

  test('events of old (v1) blocks are written as v2 blocks', () => {
    const path = TRACES.find((p) => p.endsWith('cat_write.scap'))!;
    const before = openCapture(path);
    while (before.next()) {
      /* count blocks */
    }
    assert.ok((before.blockCounts().get(BlockType.EV) ?? 0) > 0);
    before.close();
    const out = join(tmp, 'v1-to-v2.scap');
    rewrite(path, out);
    const r = openCapture(out);
    while (r.next()) {
      /* count blocks */
    }
    const counts = r.blockCounts();
    r.close();
    assert.equal(counts.get(BlockType.EV), undefined);
    assert.equal(counts.get(BlockType.EV_V2), r.stats.events);
    assert.equal(readAll(openCapture(out)).events.length, r.stats.events);
  });
});
