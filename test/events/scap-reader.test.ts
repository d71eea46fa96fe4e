import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { EventView } from '../../src/events/event-view.js';
import { BlockType, ScapFdType } from '../../src/events/scap-blocks.js';
import { openCapture, openCaptureBuffer, type CaptureReader } from '../../src/events/scap-reader.js';
import { hasSysdig, readAll, readBuffer, readFile, sysdig, tablesOf, TRACES } from './scap-support.js';

/** sinsp consumes container (json) events without printing them. */
const CONTAINER_JSON_E = 272;
const PROCINFO_E = 234;

const tmp = mkdtempSync(join(tmpdir(), 'scap-reader-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Uncompressed copy of a (gzip) reference trace. */
function plainCopy(path: string): string {
  const out = join(tmp, `${basename(path)}.plain`);
  writeFileSync(out, gunzipSync(readFileSync(path)));
  return out;
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.length > 0);
}

describe('scap reader against sysdig on the reference traces', () => {
  for (const path of TRACES) {
    const name = basename(path);

    test(`${name}: every event sysdig prints has the same number, time, thread and cpu`, (t) => {
      assert.ok(hasSysdig(), 'sysdig is required: scripts/setup.sh installs it');
      const cap = readFile(path);
      const printed: number[] = [];
      for (const l of lines(sysdig(['-D', '-r', path, '-p', '%evt.num %evt.rawtime %thread.tid %evt.cpu']))) {
        const [num, ts, tid, cpu] = l.split(' ');
        const e = cap.events[Number(num) - 1];
        assert.ok(e, `event ${num} missing`);
        assert.equal(e.ts, BigInt(ts!), `ts of event ${num}`);
        assert.equal(e.tid, Number(tid), `tid of event ${num}`);
        assert.equal(e.cpu, Number(cpu), `cpu of event ${num}`);
        printed.push(Number(num));
      }
      const expected = cap.events.flatMap((e, i) => (e.type === CONTAINER_JSON_E ? [] : [i + 1]));
      assert.deepEqual(printed, expected);
    });

    test(`${name}: process entries match sysdig's process table (ps chisel)`, (t) => {
      assert.ok(hasSysdig(), 'sysdig is required: scripts/setup.sh installs it');
      const { header } = readFile(path);
      const users = new Map((header.users ?? []).map((u) => [u.uid, u.name]));
      const rows = lines(sysdig(['-r', path, '-c', 'ps'])).slice(1).map((l) => l.trim().split(/\s+/));
      assert.equal(rows.length, header.processes.length);
      const byTid = new Map(header.processes.map((p) => [p.tid, p]));
      for (const [tid, pid, user, , , fdlimit, ...cmd] of rows) {
        const p = byTid.get(Number(tid));
        assert.ok(p, `thread ${tid} missing`);
        assert.equal(p.pid, Number(pid));
        assert.equal(p.fdlimit, Number(fdlimit));
        assert.equal(p.comm, cmd.join(' '));
        // the chisel cuts names to its 12-character column (11 plus a space)
        if (users.has(p.uid)) assert.equal(users.get(p.uid)!.slice(0, 11), user);
      }
    });

    test(`${name}: fd entries match sysdig's fd tables (lsof chisel)`, (t) => {
      assert.ok(hasSysdig(), 'sysdig is required: scripts/setup.sh installs it');
      const { header } = readFile(path);
      // sinsp shows each thread with its process's table; compare the threads that own an fd list block.
      const owners = new Set(header.fds.map((f) => f.tid));
      const listed = new Map<string, { type: string; name: string }>();
      for (const l of lines(sysdig(['-r', path, '-c', 'lsof'])).slice(1)) {
        const cols = l.split(/\s+/);
        const [tid, fd, type] = [cols[2]!, cols[4]!, cols[5]!];
        if (owners.has(Number(tid))) listed.set(`${tid}:${fd}`, { type, name: cols.slice(6).join(' ') });
      }
      assert.equal(listed.size, header.fds.length);
      const typeNames: Record<number, string[]> = {
        [ScapFdType.FILE]: ['file'],
        [ScapFdType.FILE_V2]: ['file'],
        [ScapFdType.DIRECTORY]: ['directory'],
        [ScapFdType.IPV4_SOCK]: ['ipv4'],
        [ScapFdType.IPV4_SERVSOCK]: ['ipv4'],
        [ScapFdType.IPV6_SOCK]: ['ipv6', 'ipv4'], // sinsp turns v4-mapped v6 sockets into v4 ones
        [ScapFdType.IPV6_SERVSOCK]: ['ipv6', 'ipv4'],
        [ScapFdType.UNIX_SOCK]: ['unix'],
        [ScapFdType.FIFO]: ['pipe'],
        [ScapFdType.EVENT]: ['event'],
        [ScapFdType.SIGNALFD]: ['signalfd'],
        [ScapFdType.EVENTPOLL]: ['eventpoll'],
        [ScapFdType.INOTIFY]: ['inotify'],
        [ScapFdType.TIMERFD]: ['timerfd'],
      };
      let named = 0;
      for (const f of header.fds) {
        const row = listed.get(`${f.tid}:${f.fd}`);
        assert.ok(row, `fd ${f.fd} of thread ${f.tid} missing`);
        const expected = typeNames[f.type];
        if (expected) assert.ok(expected.includes(row.type), `type of fd ${f.fd} of ${f.tid}: ${row.type}`);
        if ((f.kind === 'named' && f.type === ScapFdType.FILE) || f.kind === 'file' || f.kind === 'unix') {
          assert.equal(f.name.trim(), row.name, `name of fd ${f.fd} of ${f.tid}`);
          named++;
        }
      }
      assert.ok(named > 0);
    });

    test(`${name}: process fields at each thread's first (enter) event match sysdig`, (t) => {
      assert.ok(hasSysdig(), 'sysdig is required: scripts/setup.sh installs it');
      const { header } = readFile(path);
      const byTid = new Map(header.processes.map((p) => [p.tid, p]));
      const seen = new Set<string>();
      let checked = 0;
      const format = ['%thread.tid', '%evt.dir', '%proc.pid', '%proc.name', '%proc.exe', '%proc.args'].join('\t');
      for (const l of lines(sysdig(['-D', '-r', path, '-p', format]))) {
        const [tid, dir, pid, comm, exe, args] = l.split('\t');
        if (seen.has(tid!)) continue;
        seen.add(tid!);
        const p = byTid.get(Number(tid));
        if (!p || dir !== '>') continue; // exit events may already have changed the thread
        assert.equal(p.pid, Number(pid), `pid of ${tid}`);
        assert.equal(p.comm, comm, `comm of ${tid}`);
        assert.equal(p.exe, exe, `exe of ${tid}`);
        assert.equal(p.args.join(' '), args, `args of ${tid}`);
        checked++;
      }
      assert.ok(checked > 0);
    });

    test(`${name}: users and groups match the user fields sysdig prints`, (t) => {
      assert.ok(hasSysdig(), 'sysdig is required: scripts/setup.sh installs it');
      const { header } = readFile(path);
      const users = new Map((header.users ?? []).map((u) => [u.uid, u]));
      const groups = new Map((header.groups ?? []).map((g) => [g.gid, g.name]));
      const format = ['%user.uid', '%user.name', '%user.homedir', '%user.shell', '%group.gid', '%group.name'].join('\t');
      let checked = 0;
      for (const l of new Set(lines(sysdig(['-D', '-r', path, '-p', format])))) {
        const [uid, uname, home, shell, gid, gname] = l.split('\t');
        const u = users.get(Number(uid));
        if (u) {
          assert.deepEqual([u.name, u.homedir, u.shell], [uname, home, shell]);
          checked++;
        }
        // sysdig 0.29.3 prints junk in the high bits of group.gid
        const g = groups.get(Number(gid) % 2 ** 32);
        if (g !== undefined) assert.equal(g, gname);
      }
      assert.ok(checked > 0);
    });
  }

  test('procinfo parameters read through the view match sysdig', (t) => {
    assert.ok(hasSysdig(), 'sysdig is required: scripts/setup.sh installs it');
    const path = TRACES.find((p) => p.endsWith('cat_write.scap'))!;
    const r = openCapture(path);
    const v = new EventView();
    const ours = new Map<number, string>();
    for (let b = r.next(); b; b = r.next()) {
      for (let i = 0; i < b.count; i++) {
        v.at(b, i);
        if (v.type !== PROCINFO_E) continue;
        assert.equal(v.nparams, 2);
        assert.equal(v.paramLength(0), 8);
        ours.set(b.firstEvent + i + 1, `${v.paramBytes(0).readBigUInt64LE()} ${v.paramBytes(1).readBigUInt64LE()}`);
      }
    }
    r.close();
    const theirs = new Map(
      lines(sysdig(['-D', '-r', path, '-p', '%evt.num %evt.arg.cpu_usr %evt.arg.cpu_sys', 'evt.type=procinfo'])).map((l) => {
        const [num, ...rest] = l.split(' ');
        return [Number(num), rest.join(' ')] as const;
      }),
    );
    assert.ok(theirs.size > 10);
    assert.deepEqual(ours, theirs);
  });
});

describe('scap reader block walk', () => {
  test('block counts equal an independent walk of the block headers', () => {
    for (const path of TRACES) {
      const data = gunzipSync(readFileSync(path));
      const expected = new Map<number, number>();
      for (let o = 0; o + 8 <= data.length; o += data.readUInt32LE(o + 4)) {
        const type = data.readUInt32LE(o);
        expected.set(type, (expected.get(type) ?? 0) + 1);
      }
      const r = openCapture(path);
      let events = 0;
      for (let b = r.next(); b; b = r.next()) events += b.count;
      assert.deepEqual(r.blockCounts(), expected, basename(path));
      const s = r.stats;
      assert.equal(s.events, events);
      assert.equal(s.eventBlocks + s.tableBlocks + s.unknownBlocks, [...expected.values()].reduce((a, b) => a + b));
      assert.equal(s.bytes, data.length);
      r.close();
    }
  });

  test('gzip and plain files read the same, and say which they were', () => {
    for (const path of TRACES) {
      const gz = openCapture(path);
      const plain = openCapture(plainCopy(path));
      assert.equal(gz.compressed, true);
      assert.equal(plain.compressed, false);
      const a = readAll(gz);
      const b = readAll(plain);
      assert.deepEqual(b.events, a.events, basename(path));
      assert.deepEqual(tablesOf(b.header), tablesOf(a.header));
    }
  });

  test('tiny working buffers and batches give the same events', () => {
    for (const path of TRACES.slice(0, 3)) {
      const a = readFile(path);
      const b = readAll(openCapture(plainCopy(path), { bufferSize: 64, maxBatchEvents: 3 }));
      assert.deepEqual(b.events, a.events);
      assert.deepEqual(tablesOf(b.header), tablesOf(a.header));
    }
  });

  test('large gzip files stream through the inflate worker with the same result', () => {
    for (const path of TRACES.slice(0, 2)) {
      const streamed = openCapture(path, { gzipInMemoryLimit: 0, bufferSize: 4096 });
      const a = readAll(streamed);
      const b = readFile(path);
      assert.deepEqual(a.events, b.events);
      assert.deepEqual(tablesOf(a.header), tablesOf(b.header));
    }
  });

  test('a gzip capture larger than the worker ring streams completely', () => {
    // ~25 MB of events: more than the 8 MiB ring, so its positions wrap.
    const one = gunzipSync(readFileSync(TRACES.find((p) => p.endsWith('ping_sendto.scap'))!));
    const firstEvent = openCaptureBuffer(one, 'x').next()!;
    const eventsStart = firstEvent.bufferFileOffset + firstEvent.offsets[0]! - 10;
    const body = one.subarray(eventsStart);
    const big = Buffer.concat([one.subarray(0, eventsStart), ...Array.from({ length: 250 }, () => body)]);
    const path = join(tmp, 'big.scap.gz');
    writeFileSync(path, gzipSync(big, { level: 1 }));
    const digest = (r: CaptureReader): [number, number] => {
      const v = new EventView();
      let n = 0;
      let sum = 0;
      for (let b = r.next(); b; b = r.next()) {
        for (let i = 0; i < b.count; i++) sum = (sum + v.at(b, i).tsLow + v.tid * 7 + v.length) % 1e9;
        n += b.count;
      }
      r.close();
      return [n, sum];
    };
    const streamed = digest(openCapture(path, { gzipInMemoryLimit: 0 }));
    const inMemory = digest(openCaptureBuffer(big, 'big'));
    assert.ok(big.length > 2 * (1 << 23));
    assert.equal(streamed[0], 250 * readBuffer(one).events.length);
    assert.deepEqual(streamed, inMemory);
  });

  test('batches hold at most maxBatchEvents and number events consecutively', () => {
    const r = openCapture(TRACES[0]!, { maxBatchEvents: 10 });
    let next = 0;
    for (let b = r.next(); b; b = r.next()) {
      assert.ok(b.count <= 10);
      assert.equal(b.firstEvent, next);
      next += b.count;
    }
    assert.equal(next, r.stats.events);
    r.close();
  });

  test('unknown blocks are skipped and table blocks between events come with the next batch', () => {
    const data = gunzipSync(readFileSync(TRACES[0]!));
    const r = openCaptureBuffer(data, 'x.scap');
    const b = r.next()!;
    // Event blocks here have no flags: the block starts 10 bytes before the event header.
    const cut = b.bufferFileOffset + b.offsets[5]! - 10;
    r.close();
    const unknown = Buffer.alloc(16);
    unknown.writeUInt32LE(0x7777, 0);
    unknown.writeUInt32LE(16, 4);
    unknown.writeUInt32LE(16, 12);
    const users = Buffer.alloc(0);
    // Reuse the trace's own user list block as the mid-capture table block.
    let o = 0;
    let userBlock = users;
    while (o < data.length) {
      const len = data.readUInt32LE(o + 4);
      if (data.readUInt32LE(o) === BlockType.UL || data.readUInt32LE(o) === BlockType.UL_V2) userBlock = data.subarray(o, o + len);
      o += len;
    }
    assert.ok(userBlock.length > 0);
    const spliced = Buffer.concat([data.subarray(0, cut), unknown, userBlock, data.subarray(cut)]);
    const original = readBuffer(data);
    const got = readBuffer(spliced);
    assert.deepEqual(got.events, original.events);
    assert.equal(got.midTables.length, 1);
    assert.equal(got.midTables[0]!.before, 5);
    assert.equal(got.midTables[0]!.tables.unknownBlocks, 1);
    assert.deepEqual(got.midTables[0]!.tables.users, original.header.users);
    assert.deepEqual(got.midTables[0]!.tables.groups, original.header.groups);
  });

  test('concatenated captures: the second section comes as tables before its events', () => {
    const a = gunzipSync(readFileSync(TRACES[0]!));
    const b = gunzipSync(readFileSync(TRACES[1]!));
    const first = readBuffer(a);
    const second = readBuffer(b);
    const got = readBuffer(Buffer.concat([a, b]));
    assert.deepEqual(got.events, [...first.events, ...second.events]);
    assert.equal(got.midTables.length, 1);
    const mid = got.midTables[0]!;
    assert.equal(mid.before, first.events.length);
    assert.equal(mid.tables.section?.offset, a.length);
    assert.deepEqual(tablesOf(mid.tables), tablesOf(second.header));
  });

  test('header holds machine info, interfaces, users and processes of the capture', () => {
    const { header } = readFile(TRACES.find((p) => p.endsWith('cat_write.scap'))!);
    assert.equal(header.section.major, 1);
    assert.equal(header.section.offset, 0);
    assert.equal(header.machine?.hostname, 'ubuntu');
    assert.equal(header.machine?.numCpus, 2);
    const lo = header.interfaces?.find((i) => i.kind === 'ipv4' && i.name === 'lo');
    assert.ok(lo && lo.kind === 'ipv4');
    assert.equal(lo.addr, 0x0100007f);
    assert.deepEqual(header.users?.[0], { uid: 0, gid: 0, name: 'root', homedir: '/root', shell: '/bin/bash' });
    const init = header.processes.find((p) => p.tid === 1);
    assert.equal(init?.comm, 'systemd');
    assert.ok(init!.cgroups.includes('cpu=/'));
  });
});

describe('EventView', () => {
  test('parameter offsets tile each event exactly', () => {
    const r = openCapture(TRACES[0]!);
    const v = new EventView();
    let n = 0;
    for (let b = r.next(); b; b = r.next()) {
      for (let i = 0; i < b.count; i++) {
        v.at(b, i);
        let end = v.dataOffset;
        for (let k = 0; k < v.nparams; k++) {
          assert.equal(v.paramOffset(k), end);
          end += v.paramLength(k);
        }
        assert.equal(end, v.offset + v.length);
        n++;
      }
    }
    r.close();
    assert.ok(n > 100);
    assert.throws(() => v.paramLength(v.nparams), RangeError);
  });

  test('set() reads a raw v2 event: header, signed tid and large-payload lengths', () => {
    const ev = Buffer.alloc(26 + 8 + 4 + 5);
    ev.writeBigUInt64LE(1234567890123456789n, 0);
    ev.writeBigInt64LE(-1n, 8);
    ev.writeUInt32LE(ev.length, 16);
    ev.writeUInt16LE(322, 20); // pluginevent: u32 parameter lengths
    ev.writeUInt32LE(2, 22);
    ev.writeUInt32LE(4, 26);
    ev.writeUInt32LE(5, 30);
    ev.writeUInt32LE(999, 34);
    ev.write('hello', 38);
    const v = new EventView().set(ev, 0, 3, 1);
    assert.equal(v.ts, 1234567890123456789n);
    assert.equal(v.tsApprox, Number(1234567890123456789n));
    assert.equal(v.tid, -1);
    assert.equal(v.cpu, 3);
    assert.equal(v.flags, 1);
    assert.equal(v.lengthSize, 4);
    assert.equal(v.paramBytes(0).readUInt32LE(), 999);
    assert.equal(v.paramBytes(1).toString(), 'hello');
  });
});
