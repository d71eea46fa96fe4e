/**
 * The probe's data transfer, socket option, io_uring, bpf and polling
 * handlers (driver/src/handlers_io.h) on this machine's kernel: a small C
 * program (test/live/probe-io-child.c, compiled with cc here) makes each
 * call with known arguments; the test checks each event's type, thread and
 * decoded parameters, data cut at the 80-byte snaplen included. Then a live
 * falconet run checks that the events feed the state engine and the rules
 * (fds of socketpair, evt.buffer of write, the tuple sendmsg gives an
 * unconnected UDP socket). Runs as root.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventCode, nativeSyscall } from '../../src/events/event-table.js';
import type { DynValue, FdListEntry, SockTuple } from '../../src/events/param-decoder.js';
import { decodeBatch, defaultOptions, interestingTable, loadNative, ROOT, type LiveEvent } from './native-probe.js';
import { alertsWith, nonce, run, sleep, startFalconet, stopLive, type JsonAlert } from './live-run.js';

/** x86_64 numbers of the calls the child makes (handlers_io.h), plus sendto/recvfrom for the UDP tuples. */
const CALLS: Record<string, number> = {
  read: 0, write: 1, poll: 7, lseek: 8, ioctl: 16, pread64: 17, pwrite64: 18, readv: 19, writev: 20,
  select: 23, sendfile: 40, sendto: 44, recvfrom: 45, sendmsg: 46, recvmsg: 47, shutdown: 48,
  socketpair: 53, setsockopt: 54, getsockopt: 55, getdents: 78, getdents64: 217, ppoll: 271,
  splice: 275, preadv: 295, pwritev: 296, recvmmsg: 299, sendmmsg: 307, process_vm_readv: 310,
  process_vm_writev: 311, bpf: 321, userfaultfd: 323, copy_file_range: 326, io_uring_setup: 425,
  io_uring_enter: 426, io_uring_register: 427,
};
const EBADF = 9;
const SNAPLEN = 80;

const work = mkdtempSync(join(tmpdir(), 'fnio-'));
/** The 200 bytes the child writes first: a marker, then the alphabet over and over. */
const BIG = Buffer.from(Array.from({ length: 200 }, (_, i) => 65 + (i % 26)));
BIG.write('marker-write:');

let pid = 0;
let mine: LiveEvent[] = [];
/** The child's output: call name -> the numbers it printed. */
const printed = new Map<string, number[]>();

function out(name: string): number[] {
  const v = printed.get(name);
  assert.ok(v, `the child printed no "${name}" line`);
  return v;
}

function all(name: string, pred: (e: LiveEvent) => boolean = () => true): LiveEvent[] {
  return mine.filter((e) => e.name === name && pred(e));
}

function one(name: string, pred: (e: LiveEvent) => boolean, what: string): LiveEvent {
  const found = all(name, pred);
  assert.equal(found.length, 1, `${found.length} ${name} events for ${what}; the child's events: ${[...new Set(mine.map((e) => e.name))].join(',')}`);
  return found[0]!;
}

function text(v: unknown): string {
  assert.ok(v instanceof Uint8Array, `a byte buffer, got ${String(v)}`);
  return Buffer.from(v).toString('latin1');
}

function tuple(v: unknown): SockTuple {
  assert.ok(typeof v === 'object' && v !== null && 'family' in v, `a socket tuple, got ${String(v)}`);
  return v as SockTuple;
}

after(() => rmSync(work, { recursive: true, force: true }));

describe('live probe: data transfer, sockets, io_uring, bpf and polling calls', () => {
  before(async () => {
    const bin = join(work, 'probe-io-child');
    execFileSync('cc', ['-O1', '-o', bin, join(ROOT, 'test/live/probe-io-child.c')]);
    const scratchDir = join(work, 'd');
    execFileSync('mkdir', [scratchDir]);
    const h = loadNative().open(defaultOptions(interestingTable(Object.values(CALLS))));
    const events: LiveEvent[] = [];
    try {
      h.start((b) => decodeBatch(b, events));
      const child = spawn(bin, [scratchDir], { stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      assert.equal(code, 0);
      pid = child.pid!;
      for (let i = 0; i < 100 && !events.some((e) => e.type === EventCode.PROCEXIT_1_E && e.tid === pid); i++) await sleep(20);
      for (const line of stdout.trim().split('\n')) {
        const [name, ...nums] = line.split(' ');
        printed.set(name!, nums.map(Number));
      }
    } finally {
      h.close();
    }
    // the child is single-threaded: its tid is its pid
    mine = events.filter((e) => e.tid === pid);
  });
  it('every event has the exit code of its call (no generic events), and every call has its event', () => {
    const codes = new Set(Object.values(CALLS).map((nr) => nativeSyscall(nr)!.exitCode));
    for (const [name, nr] of Object.entries(CALLS)) {
      assert.ok(mine.some((e) => e.type === nativeSyscall(nr)!.exitCode), `no ${name} event`);
    }
    for (const e of mine) assert.ok(codes.has(e.type) || e.type === EventCode.PROCEXIT_1_E, `unexpected ${e.name} (${e.type})`);
  });

  it('write / pwrite64: result, the first 80 bytes, fd, size (and position)', () => {
    const [fd] = out('files');
    const w = one('write', (e) => e.params.fd === fd && e.params.res === 200, 'the 200-byte write');
    assert.equal(text(w.params.data), BIG.subarray(0, SNAPLEN).toString('latin1'));
    assert.equal(w.params.size, 200);
    const pw = one('pwrite', (e) => e.params.fd === fd, 'pwrite64');
    assert.deepEqual([pw.params.res, text(pw.params.data), pw.params.size, pw.params.pos], [7, 'pw-data', 7, 700]);
  });

  it('writev / pwritev: data joined across iovecs (an empty one skipped) and cut at 80, size = sum of lengths', () => {
    const [fd] = out('files');
    const expected = `iov-one-${'x'.repeat(SNAPLEN - 8)}`;
    const wv = one('writev', (e) => e.params.fd === fd, 'writev');
    assert.deepEqual([wv.params.res, text(wv.params.data), wv.params.size], [108, expected, 108]);
    const pwv = one('pwritev', (e) => e.params.fd === fd, 'pwritev');
    assert.deepEqual([pwv.params.res, text(pwv.params.data), pwv.params.size, pwv.params.pos], [108, expected, 108, 500]);
  });

  it('read / pread64 / readv / preadv: only the bytes read, at most 80', () => {
    const [fd] = out('files');
    // (the dynamic loader reads libraries through the same fd number first)
    const r = one('read', (e) => e.params.fd === fd && e.params.size === 100, 'read of the file');
    assert.deepEqual([r.params.res, r.params.size], [100, 100]);
    assert.equal(text(r.params.data), BIG.subarray(5, 5 + SNAPLEN).toString('latin1'));
    const pr = one('pread', (e) => e.params.fd === fd && e.params.pos === 700, 'pread64');
    assert.deepEqual([pr.params.res, text(pr.params.data), pr.params.size, pr.params.pos], [7, 'pw-data', 7, 700]);
    const rv = one('readv', (e) => e.params.fd === fd, 'readv');
    assert.deepEqual([rv.params.res, rv.params.size, text(rv.params.data)], [30, 30, BIG.subarray(105, 135).toString('latin1')]);
    const prv = one('preadv', (e) => e.params.fd === fd, 'preadv');
    assert.deepEqual([prv.params.res, prv.params.size, text(prv.params.data), prv.params.pos], [30, 30, `iov-one-${'x'.repeat(22)}`, 500]);
  });

  it('failed read and write: the errno; no data for the read, the bytes offered for the write', () => {
    const r = one('read', (e) => e.params.fd === 9999, 'read of a bad fd');
    assert.deepEqual([r.params.res, r.params.data, r.params.size], [-EBADF, undefined, 10]);
    const w = one('write', (e) => e.params.fd === 9999, 'write to a bad fd');
    assert.deepEqual([w.params.res, text(w.params.data), w.params.size], [-EBADF, 'failed-write', 12]);
  });

  it('lseek, ioctl, getdents, getdents64', () => {
    const [fd] = out('files');
    const set = one('lseek', (e) => e.params.fd === fd && e.params.offset === 5, 'lseek SEEK_SET');
    assert.deepEqual([set.params.res, set.params.whence], [5, 0]);
    const cur = one('lseek', (e) => e.params.fd === fd && e.params.offset === 0, 'lseek SEEK_CUR');
    assert.deepEqual([cur.params.res, cur.params.whence], [5, 1]);
    const [, argAddr] = out('ioctl');
    const io = one('ioctl', (e) => e.params.fd === fd, 'ioctl FIONREAD');
    assert.deepEqual([io.params.res, io.params.request, io.params.argument], [0, 0x541b, argAddr]);
    const [res64, dfd] = out('getdents64');
    assert.deepEqual(one('getdents64', (e) => e.params.fd === dfd, 'getdents64').params.res, res64);
    assert.deepEqual(one('getdents', (e) => e.params.fd === dfd, 'getdents').params.res, out('getdents')[0]);
  });

  it('sendfile, splice, copy_file_range: fds, sizes, flags and offsets', () => {
    const [fd, fd2] = out('files');
    const sf = one('sendfile', () => true, 'sendfile');
    // offset is *offset at exit: 10 + the 50 bytes sent
    assert.deepEqual([sf.params.res, sf.params.offset, sf.params.out_fd, sf.params.in_fd, sf.params.size], [50, 60, fd2, fd, 50]);
    const [, , pipeWrite] = out('splice');
    const sp = one('splice', () => true, 'splice');
    const SPLICE_F_MOVE = 1, SPLICE_F_MORE = 4;
    assert.deepEqual([sp.params.res, sp.params.fd_in, sp.params.fd_out, sp.params.size, sp.params.flags],
      [20, fd, pipeWrite, 20, SPLICE_F_MOVE | SPLICE_F_MORE]);
    const [, inAddr, outAddr] = out('copy_file_range');
    const cfr = one('copy_file_range', () => true, 'copy_file_range');
    assert.deepEqual([cfr.params.res, cfr.params.fdout, cfr.params.offout, cfr.params.fdin, cfr.params.offin, cfr.params.len],
      [16, fd2, outAddr, fd, inAddr, 16]);
  });

  it('socketpair: both fds and the two ends; sendmsg/recvmsg on it carry the unix tuple and the data', () => {
    const [res, fd1, fd2] = out('socketpair');
    const sp = one('socketpair', () => true, 'socketpair');
    assert.deepEqual([sp.params.res, sp.params.fd1, sp.params.fd2, sp.params.domain, sp.params.type, sp.params.proto], [res, fd1, fd2, 1, 1, 0]);
    assert.equal(typeof sp.params.source, 'bigint');
    assert.equal(typeof sp.params.peer, 'bigint');
    assert.notEqual(sp.params.source, 0n);
    assert.notEqual(sp.params.peer, 0n);
    assert.notEqual(sp.params.source, sp.params.peer);

    const sm = one('sendmsg', (e) => e.params.fd === fd1, 'sendmsg on the pair');
    assert.deepEqual([sm.params.res, text(sm.params.data), sm.params.size], [9, 'sm-asm-bb', 9]);
    // outbound: the peer's end first, then this end
    assert.deepEqual(tuple(sm.params.tuple), { family: 'unix', source: sp.params.peer, dest: sp.params.source, path: '' });
    const rm = one('recvmsg', (e) => e.params.fd === fd2, 'recvmsg on the pair');
    assert.deepEqual([rm.params.res, rm.params.size, text(rm.params.data), rm.params.msgcontrol], [9, 9, 'sm-asm-bb', undefined]);
    // inbound: this end (the pair's second socket) first, then its peer
    assert.deepEqual(tuple(rm.params.tuple), { family: 'unix', source: sp.params.peer, dest: sp.params.source, path: '' });
  });

  it('setsockopt / getsockopt: level, option, the value typed by option, optlen; shutdown: how', () => {
    const [, fd1] = out('socketpair');
    const SOL_SOCKET = 1, SO_TYPE = 3, SO_RCVBUF = 8, SO_RCVTIMEO = 20;
    const IDX_UINT32 = 2, IDX_TIMEVAL = 4;
    const buf = one('setsockopt', (e) => e.params.optname === SO_RCVBUF, 'setsockopt SO_RCVBUF');
    assert.deepEqual([buf.params.res, buf.params.fd, buf.params.level, buf.params.optlen], [0, fd1, SOL_SOCKET, 4]);
    const bv = buf.params.val as DynValue;
    assert.deepEqual([bv.index, bv.value], [IDX_UINT32, 65536]);
    const timeo = one('setsockopt', (e) => e.params.optname === SO_RCVTIMEO, 'setsockopt SO_RCVTIMEO');
    const tv = timeo.params.val as DynValue;
    assert.deepEqual([tv.index, tv.value, timeo.params.optlen], [IDX_TIMEVAL, 2_500_000_000, 16]);
    const get = one('getsockopt', (e) => e.params.optname === SO_TYPE, 'getsockopt SO_TYPE');
    const gv = get.params.val as DynValue;
    assert.deepEqual([get.params.res, get.params.fd, get.params.level, gv.index, gv.value, get.params.optlen], [0, fd1, SOL_SOCKET, IDX_UINT32, 1, 4]);
    const sh = one('shutdown', () => true, 'shutdown');
    assert.deepEqual([sh.params.res, sh.params.fd, sh.params.how], [0, fd1, 1]);
  });

  it('UDP tuples: an unconnected sender takes the destination from the call, a receiver the source from msg_name', () => {
    const [srvPort, cliPort] = out('ports');
    const toSrv = { family: 'inet', sip: '0.0.0.0', sport: cliPort, dip: '127.0.0.1', dport: srvPort };
    const fromCli = { family: 'inet', sip: '127.0.0.1', sport: cliPort, dip: '127.0.0.1', dport: srvPort };
    const st = one('sendto', (e) => text(e.params.data) === 'udp-sendto', 'sendto');
    assert.deepEqual(tuple(st.params.tuple), toSrv);
    const sm = one('sendmsg', (e) => text(e.params.data) === 'udp-sendmsg', 'unconnected sendmsg');
    assert.deepEqual([sm.params.res, sm.params.size], [11, 11]);
    assert.deepEqual(tuple(sm.params.tuple), toSrv);
    const rf = one('recvfrom', (e) => e.params.res === 10, 'recvfrom');
    assert.deepEqual(tuple(rf.params.tuple), fromCli);
    const rm = one('recvmsg', (e) => e.params.res === 11, 'recvmsg with msg_name');
    assert.equal(text(rm.params.data), 'udp-sendmsg');
    assert.deepEqual(tuple(rm.params.tuple), fromCli);
    // a connected socket: both ends from the kernel, local address included
    const [, conPort] = out('sendmsg_connected');
    const cm = one('sendmsg', (e) => text(e.params.data) === 'udp-connected', 'connected sendmsg');
    assert.deepEqual(tuple(cm.params.tuple), { family: 'inet', sip: '127.0.0.1', sport: conPort, dip: '127.0.0.1', dport: srvPort });
  });

  it('sendmmsg / recvmmsg: one event per message, each with its own length, data and tuple', () => {
    const [srvPort, cliPort] = out('ports');
    const msgs = ['mm-0', 'mm-11', 'mm-222'];
    const sent = all('sendmmsg');
    assert.deepEqual(sent.map((e) => [e.params.res, e.params.size, text(e.params.data)]), msgs.map((m) => [m.length, m.length, m]));
    for (const e of sent) assert.deepEqual(tuple(e.params.tuple), { family: 'inet', sip: '0.0.0.0', sport: cliPort, dip: '127.0.0.1', dport: srvPort });
    const got = all('recvmmsg');
    assert.deepEqual(got.map((e) => [e.params.res, e.params.size, text(e.params.data)]), msgs.map((m) => [m.length, m.length, m]));
    for (const e of got) assert.deepEqual(tuple(e.params.tuple), { family: 'inet', sip: '127.0.0.1', sport: cliPort, dip: '127.0.0.1', dport: srvPort });
  });

  it('io_uring_setup / io_uring_enter / io_uring_register', () => {
    const [ring, sqEntries, cqEntries, features] = out('io_uring_setup');
    const setup = one('io_uring_setup', () => true, 'io_uring_setup');
    assert.equal(setup.params.entries, 8);
    assert.equal(setup.params.flags, 0);
    if (ring! >= 0) {
      // the kernel's answer, read back from the params at exit
      assert.deepEqual([setup.params.res, setup.params.sq_entries, setup.params.cq_entries, setup.params.features],
        [ring, sqEntries, cqEntries, features! & 0x7ff]);
    } else {
      assert.ok((setup.params.res as number) < 0); // io_uring disabled on this host
    }
    const enter = one('io_uring_enter', () => true, 'io_uring_enter');
    const IORING_ENTER_GETEVENTS = 1;
    assert.deepEqual([enter.params.fd, enter.params.to_submit, enter.params.min_complete, enter.params.flags, enter.params.sig],
      [ring, 0, 0, IORING_ENTER_GETEVENTS, 0]);
    const reg = one('io_uring_register', () => true, 'io_uring_register');
    assert.deepEqual([reg.params.fd, reg.params.opcode, reg.params.arg, reg.params.nr_args], [ring, 1, 0, 0]);
    assert.ok((reg.params.res as number) < 0);
  });

  it('bpf: the new fd and the command; userfaultfd: the flags as passed', () => {
    const [mapFd] = out('bpf');
    const b = one('bpf', () => true, 'bpf');
    assert.deepEqual([b.params.fd, b.params.cmd], [mapFd, 0 /* BPF_MAP_CREATE */]);
    const [ufd] = out('userfaultfd');
    const u = one('userfaultfd', () => true, 'userfaultfd');
    const O_NONBLOCK = 0o4000, O_CLOEXEC = 0o2000000;
    assert.deepEqual([u.params.res, u.params.flags], [ufd, O_CLOEXEC | O_NONBLOCK]);
  });

  it('process_vm_readv / process_vm_writev: the target pid and the local side of the data', () => {
    const [n, target] = out('process_vm_readv');
    assert.equal(target, pid);
    const r = one('process_vm_readv', () => true, 'process_vm_readv');
    assert.deepEqual([r.params.res, r.params.pid, text(r.params.data)], [n, pid, 'pvm-secret-data']);
    const w = one('process_vm_writev', () => true, 'process_vm_writev');
    assert.deepEqual([w.params.res, w.params.pid, text(w.params.data)], [11, pid, 'pvm-written']);
  });

  it('poll / ppoll: the fds with the events returned, the timeout, the signal mask; select: res', () => {
    const [, rd, wr] = out('poll');
    const POLLIN = 1, POLLOUT = 4;
    const fds: FdListEntry[] = [{ fd: rd!, flags: POLLIN }, { fd: wr!, flags: POLLOUT }];
    const p = one('poll', () => true, 'poll');
    assert.deepEqual([p.params.res, p.params.fds, p.params.timeout], [2, fds, 100]);
    const pp = one('ppoll', () => true, 'ppoll');
    const SIGUSR1 = 10;
    assert.deepEqual([pp.params.res, pp.params.fds, pp.params.sigmask], [2, fds, 1 << (SIGUSR1 - 1)]);
    // read at exit, the timeout holds what was left of the 1.0000005 s asked for
    const left = pp.params.timeout as number;
    assert.ok(left > 900_000_000 && left <= 1_000_000_500, `ppoll timeout ${left}`);
    assert.equal(one('select', () => true, 'select').params.res, 1);
  });
});

describe('live falconet: I/O events reach the state engine and the rules', () => {
  const marker = nonce('io');
  const file = join(work, `${marker}.txt`);
  const rules = join(work, 'io-rules.yaml');
  let alerts: JsonAlert[] = [];
  let result: { status: number | null; stdout: string; stderr: string };
  let port = 0;

  before(async () => {
    writeFileSync(rules, [
      '- rule: io marker to a unix socket',
      '  desc: a write carrying the marker on a socketpair end',
      `  condition: evt.type = write and fd.type = unix and evt.buffer contains "${marker}"`,
      '  output: unix write (fd=%fd.num type=%fd.type buffer=%evt.buffer cmd=%proc.cmdline)',
      '  priority: WARNING',
      '- rule: io marker to a file',
      '  desc: a write carrying the marker to a file',
      `  condition: evt.type = write and fd.type = file and evt.buffer contains "${marker}"`,
      '  output: file write (file=%fd.name buffer=%evt.buffer cmd=%proc.cmdline)',
      '  priority: WARNING',
      '- rule: io marker over udp',
      '  desc: a datagram carrying the marker sent with sendmsg from an unconnected socket',
      `  condition: evt.type = sendmsg and evt.buffer contains "${marker}"`,
      '  output: udp sendmsg (fd=%fd.name sip=%fd.sip sport=%fd.sport cport=%fd.cport proto=%fd.l4proto buffer=%evt.buffer cmd=%proc.cmdline)',
      '  priority: WARNING',
      '',
    ].join('\n'));
    const live = startFalconet(['-r', rules, '-o', 'json_output=true', '-o', 'base_syscalls.all=true', '-M', '40']);
    await live.ready;
    // The datagram's receiver is this process: a sender that also owned the
    // destination port would make libsinsp's role guess take it for a server.
    const receiver = createSocket('udp4');
    await new Promise<void>((r) => receiver.bind(0, '127.0.0.1', r));
    port = receiver.address().port;
    const ran = await run('/usr/bin/python3', ['-c', [
      'import os, socket',
      'a, b = socket.socketpair()',
      `os.write(a.fileno(), b'unix ${marker}')`,
      `with open('${file}', 'wb', buffering=0) as f: f.write(b'file ${marker}')`,
      'c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
      `c.sendmsg([b'udp ${marker}'], [], 0, ('127.0.0.1', ${port}))`,
    ].join('\n')]);
    receiver.close();
    assert.equal(ran.status, 0, ran.stderr);
    const stopped = await stopLive(live);
    result = stopped;
    alerts = stopped.alerts;
  });

  it('runs and stops cleanly', () => {
    assert.equal(result.status, 0, result.stderr);
  });

  it('a write to a socketpair end is on a unix fd the state engine learnt from socketpair', () => {
    const [a, ...more] = alertsWith(alerts, 'io marker to a unix socket', marker);
    assert.ok(a, `no alert; rules that fired: ${alerts.map((x) => x.rule).join(', ')}`);
    assert.equal(more.length, 0);
    assert.equal(a.output_fields['fd.type'], 'unix');
    assert.equal(a.output_fields['evt.buffer'], `unix ${marker}`);
  });

  it('a write to a file: evt.buffer and the file name', () => {
    const [a] = alertsWith(alerts, 'io marker to a file', marker);
    assert.ok(a);
    assert.equal(a.output_fields['fd.name'], file);
    assert.equal(a.output_fields['evt.buffer'], `file ${marker}`);
  });

  it('sendmsg from an unconnected UDP socket: the fd gets its endpoints from the tuple (the server is the destination)', () => {
    const [a] = alertsWith(alerts, 'io marker over udp', marker);
    assert.ok(a);
    assert.equal(a.output_fields['fd.l4proto'], 'udp');
    assert.equal(a.output_fields['fd.sip'], '127.0.0.1');
    assert.equal(a.output_fields['fd.sport'], port);
    const cport = a.output_fields['fd.cport'];
    assert.ok(typeof cport === 'number' && cport > 0 && cport !== port);
    assert.equal(a.output_fields['fd.name'], `127.0.0.1:${cport}->127.0.0.1:${port}`);
    assert.equal(a.output_fields['evt.buffer'], `udp ${marker}`);
  });
});
