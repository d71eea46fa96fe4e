/**
 * The fd.*, fdlist.* and fs.path.* extractors on events encoded with the
 * state layer's synthetic encoder and run through the real state engine
 * (as a replay does), checked field by field, through compiled conditions
 * and through the output formatter; plus values Falco 0.44.1 recorded for
 * the shared captures.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventCode } from '../../src/events/event-table.js';
import { emptyTables, type CaptureTables, type ProcessEntry } from '../../src/events/scap-records.js';
import { isResolveError, syscallFieldCatalog } from '../../src/fields/catalog.js';
import { unorderedMapOrder } from '../../src/fields/extract/fd-table-order.js';
import { SyscallExtractorRegistry } from '../../src/fields/extract/registry.js';
import { SyscallEvent, type RunInfo } from '../../src/fields/extract/syscall-event.js';
import type { FieldValue } from '../../src/fields/value.js';
import { CaptureEventStream } from '../../src/events/capture-stream.js';
import { StateEngine } from '../../src/state/system-state.js';
import { REFERENCE } from '../reference.js';
import { EventHarness } from './event-harness.js';

const T0 = 1_470_327_477_881_785_348n;
const PID = 4242;
const AT_FDCWD = -100;
const O_RDONLY = 1;
/** Driver encoding of O_DIRECTORY. */
const O_DIRECTORY = 1 << 10;
const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;
const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const TRACES = `${REFERENCE}/traces`;

function processEntry(tid: number, comm: string, cwd: string, cgroups: string[] = []): ProcessEntry {
  return {
    tid, pid: tid, ptid: 1, sid: tid, vpgid: tid, comm, exe: comm, exepath: `/bin/${comm}`, args: [], cwd,
    fdlimit: 1024, flags: 0, uid: 0, gid: 0, vmsizeKb: 0, vmrssKb: 0, vmswapKb: 0, pfmajor: 0, pfminor: 0,
    env: [], vtid: tid, vpid: tid, cgroups, root: '/', pidnsInitStartTs: 0n, tty: 0, loginuid: 0xffffffff,
    exeWritable: false, capInheritable: 0n, capPermitted: 0n, capEffective: 0n, exeUpperLayer: false, exeIno: 0n,
    exeInoCtime: 0n, exeInoMtime: 0n, exeFromMemfd: false, exeLowerLayer: false, pgid: tid,
  };
}

/** An IPv4 address as the capture's interface table stores it (network bytes read little-endian). */
function ifaddr(ip: string): number {
  const b = ip.split('.').map(Number);
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
}

function bytes(ip: string): Uint8Array {
  return Uint8Array.from(ip.split('.').map(Number));
}

/** Host interfaces lo (127.0.0.1/8) and eth0 (10.0.0.5/24). */
function hostTables(): CaptureTables {
  const t = emptyTables();
  t.processes.push(processEntry(PID, 'curl', '/home/user'));
  t.interfaces = [
    { kind: 'ipv4', type: 1, name: 'lo', addr: ifaddr('127.0.0.1'), netmask: ifaddr('255.0.0.0'), bcast: 0, linkspeed: 0n },
    { kind: 'ipv4', type: 1, name: 'eth0', addr: ifaddr('10.0.0.5'), netmask: ifaddr('255.255.255.0'), bcast: 0, linkspeed: 0n },
  ];
  return t;
}

/** A state engine, a SyscallEvent and the real registry, fed like the replay source feeds them. */
class Harness extends EventHarness {
  constructor(tables: CaptureTables = hostTables()) {
    super(tables, PID, T0);
  }

  socket(fd: number, domain: number, type: number): this {
    return this.feed(EventCode.SOCKET_SOCKET_X, { fd, domain, type, proto: 0, flags: 0 });
  }

  connect(fd: number, sip: string, sport: number, dip: string, dport: number): this {
    const v6 = sip.includes(':');
    const tuple = v6 ? { family: 'inet6' as const, sip, sport, dip, dport } : { family: 'inet' as const, sip, sport, dip, dport };
    const addr = v6 ? { family: 'inet6' as const, ip: dip, port: dport } : { family: 'inet' as const, ip: dip, port: dport };
    return this.feed(EventCode.SOCKET_CONNECT_X, { res: 0, tuple, fd, addr });
  }
}

function openat(h: Harness, fd: number, name: string): Harness {
  return h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd, dirfd: AT_FDCWD, name, flags: O_RDONLY, mode: 0, dev: 0x803, ino: 1234 });
}

describe('fd fields of files', () => {
  it('an fd opened with a relative path', () => {
    const h = openat(new Harness(), 3, 'notes/../todo.txt');
    assert.equal(h.get('fd.num'), 3);
    assert.equal(h.get('fd.type'), 'file');
    assert.equal(h.get('fd.typechar'), 'f');
    assert.equal(h.get('fd.name'), '/home/user/todo.txt');
    assert.equal(h.get('fd.nameraw'), 'notes/../todo.txt');
    assert.equal(h.get('fd.directory'), '/home/user');
    assert.equal(h.get('fd.filename'), 'todo.txt');
    assert.equal(h.get('fd.uid'), `${PID}3`);
    assert.equal(h.get('fd.containername'), ':/home/user/todo.txt');
    assert.equal(h.get('fd.containerdirectory'), ':/home/user');
    assert.equal(h.get('fd.is_server'), false);
    assert.equal(h.get('fd.l4proto'), '<NA>');
    assert.equal(h.get('fd.sockfamily'), undefined);
    assert.equal(h.get('fd.connected'), false);
    assert.equal(h.get('fd.name_changed'), true);
    assert.equal(h.get('fd.dev'), 0x803);
    assert.equal(h.get('fd.dev.major'), 8);
    assert.equal(h.get('fd.dev.minor'), 3);
    assert.equal(h.get('fd.ino'), 1234);
    assert.equal(h.get('fd.is_upper_layer'), false);
    assert.deepEqual(h.get('fd.types'), ['file']);
    assert.deepEqual(h.get('fd.types', '3'), ['file']);
    assert.equal(h.get('fd.types', '9'), undefined);
    for (const f of ['fd.cip', 'fd.sip', 'fd.lip', 'fd.rip', 'fd.cport', 'fd.sport', 'fd.lport', 'fd.rport', 'fd.cproto', 'fd.sproto', 'fd.ip', 'fd.port']) {
      assert.equal(h.get(f), undefined, f);
    }
    assert.equal(h.output('%fd.name %fd.dev %fd.types'), '/home/user/todo.txt 803 (file)');

    h.feed(EventCode.SYSCALL_READ_X, { res: 5, data: new Uint8Array([104, 101, 108, 108, 111]), fd: 3, size: 5 });
    assert.equal(h.get('fd.name'), '/home/user/todo.txt');
    assert.equal(h.get('fd.name_changed'), false);
  });

  it('a failed open has the name the event implies and no fd', () => {
    const h = new Harness().feed(EventCode.SYSCALL_OPENAT_2_X, { fd: -2, dirfd: AT_FDCWD, name: 'sub//missing', flags: O_RDONLY, mode: 0 });
    assert.equal(h.get('fd.num'), -1);
    assert.equal(h.get('fd.type'), undefined);
    assert.equal(h.get('fd.typechar'), 'f');
    assert.equal(h.get('fd.name'), '/home/user/sub/missing');
    assert.equal(h.get('fd.nameraw'), 'sub/missing');
    assert.equal(h.get('fd.directory'), '/home/user/sub');
    assert.equal(h.get('fd.filename'), undefined);
    assert.equal(h.get('fd.uid'), `${PID}-1`);
    assert.equal(h.get('fd.name_changed'), undefined);
    assert.deepEqual(h.get('fd.types'), []);
  });

  it('an fd the state does not know, and events without fds', () => {
    const h = new Harness().feed(EventCode.SYSCALL_READ_X, { res: 0, data: new Uint8Array(0), fd: 77, size: 0 });
    assert.equal(h.get('fd.num'), 77);
    assert.equal(h.get('fd.name'), '');
    assert.equal(h.get('fd.directory'), '/');
    assert.equal(h.get('fd.typechar'), 'o');
    assert.equal(h.get('fd.type'), undefined);
    assert.equal(h.output('%fd.num %fd.name %fd.type'), '77  <NA>');

    h.feed(EventCode.SYSCALL_EVENTFD2_X, { res: -24, flags: 0 });
    assert.equal(h.get('fd.typechar'), 'e');
    h.socket(-97, AF_INET, SOCK_STREAM);
    assert.equal(h.get('fd.typechar'), '4');

    h.feed(EventCode.PROCINFO_E, { cpu_usr: 1, cpu_sys: 2 });
    for (const f of ['fd.num', 'fd.name', 'fd.typechar', 'fd.uid', 'fd.types', 'fd.directory']) assert.equal(h.get(f), undefined, f);
  });
});

describe('fd fields of sockets', () => {
  it('a loopback TCP client: endpoints, ports, protocol texts', () => {
    const h = new Harness().socket(4, AF_INET, SOCK_STREAM);
    assert.equal(h.get('fd.sockfamily'), 'ip');
    assert.equal(h.get('fd.l4proto'), '<NA>');
    assert.equal(h.get('fd.cip'), undefined);
    assert.equal(h.get('fd.sport'), undefined);
    h.connect(4, '127.0.0.1', 47192, '127.0.0.1', 80);
    assert.equal(h.get('fd.name'), '127.0.0.1:47192->127.0.0.1:80');
    for (const f of ['fd.cip', 'fd.sip', 'fd.lip', 'fd.rip']) assert.deepEqual(h.get(f), bytes('127.0.0.1'), f);
    assert.equal(h.get('fd.cport'), 47192);
    assert.equal(h.get('fd.sport'), 80);
    assert.equal(h.get('fd.lport'), 47192);
    assert.equal(h.get('fd.rport'), 80);
    assert.equal(h.get('fd.cproto'), '47192');
    assert.equal(h.get('fd.sproto'), '80');
    assert.equal(h.get('fd.lproto'), '47192');
    assert.equal(h.get('fd.rproto'), '80');
    assert.equal(h.get('fd.l4proto'), 'tcp');
    // 127.0.0.1 is an interface address: the destination is this machine.
    assert.equal(h.get('fd.is_server'), true);
    assert.equal(h.get('fd.connected'), true);
    assert.equal(h.get('fd.sip.name'), undefined);
    assert.deepEqual(h.get('fd.types'), ['ipv4']);

    assert.equal(h.matches('fd.sip = 127.0.0.1'), true);
    assert.equal(h.matches('fd.sip = 127.0.0.2'), false);
    assert.equal(h.matches('fd.net = 127.0.0.0/8'), true);
    assert.equal(h.matches('fd.net != 127.0.0.0/8'), false);
    assert.equal(h.matches('fd.net = 10.0.0.0/8'), false);
    assert.equal(h.matches('fd.cnet = 127.0.0.0/8'), true);
    assert.equal(h.matches('fd.ip = 127.0.0.1'), true);
    assert.equal(h.matches('fd.ip != 127.0.0.1'), false);
    assert.equal(h.matches('fd.port = 80'), true);
    assert.equal(h.matches('fd.port = 47192'), true);
    assert.equal(h.matches('fd.port != 80'), false);
    assert.equal(h.matches('fd.port in (22, 443)'), false);
    assert.equal(h.matches('fd.proto = 80'), true);
    assert.equal(h.matches('fd.sport > 1024'), false);
    // The filter-only fields have no printable value; the network fields print as libsinsp does.
    assert.equal(h.output('%fd.sip %fd.ip %fd.net %fd.cnet %fd.port %fd.proto %fd.sport'), '127.0.0.1 <NA> <NA> <IPNET> <NA> <NA> 80');
  });

  it('a client to a remote host: local and remote sides', () => {
    const h = new Harness().socket(5, AF_INET, SOCK_STREAM).connect(5, '10.0.0.5', 40000, '93.184.216.34', 443);
    assert.deepEqual(h.get('fd.lip'), bytes('10.0.0.5'));
    assert.deepEqual(h.get('fd.rip'), bytes('93.184.216.34'));
    assert.equal(h.get('fd.lport'), 40000);
    assert.equal(h.get('fd.rport'), 443);
    assert.equal(h.get('fd.is_server'), false);
    assert.equal(h.matches('fd.ip != 127.0.0.1'), true);
    assert.equal(h.matches('fd.net = 10.0.0.0/8'), true);
    assert.equal(h.matches('fd.net != 10.0.0.0/8'), false);
    assert.equal(h.matches('fd.rnet = 93.184.0.0/16'), true);
    assert.equal(h.matches('fd.lnet = 93.184.0.0/16'), false);
    assert.equal(h.output('%fd.lip:%fd.lport -> %fd.rip:%fd.rport'), '10.0.0.5:40000 -> 93.184.216.34:443');
  });

  it('an accepted connection: the peer is the client, this machine the server', () => {
    const h = new Harness().feed(EventCode.SOCKET_ACCEPT_5_X, {
      fd: 6, tuple: { family: 'inet', sip: '93.184.216.34', sport: 5555, dip: '10.0.0.5', dport: 22 }, queuepct: 0, queuelen: 0, queuemax: 0,
    });
    assert.deepEqual(h.get('fd.cip'), bytes('93.184.216.34'));
    assert.deepEqual(h.get('fd.sip'), bytes('10.0.0.5'));
    assert.equal(h.get('fd.is_server'), true);
    assert.deepEqual(h.get('fd.lip'), bytes('10.0.0.5'));
    assert.deepEqual(h.get('fd.rip'), bytes('93.184.216.34'));
    assert.equal(h.get('fd.lport'), 22);
    assert.equal(h.get('fd.rport'), 5555);
  });

  it('a listening server socket', () => {
    const h = new Harness().socket(7, AF_INET, SOCK_STREAM)
      .feed(EventCode.SOCKET_BIND_X, { res: 0, addr: { family: 'inet', ip: '0.0.0.0', port: 8080 }, fd: 7 });
    assert.equal(h.get('fd.name'), '0.0.0.0:8080');
    assert.equal(h.get('fd.type'), 'ipv4');
    assert.deepEqual(h.get('fd.sip'), bytes('0.0.0.0'));
    assert.equal(h.get('fd.sport'), 8080);
    assert.equal(h.get('fd.sproto'), '');
    assert.equal(h.get('fd.cip'), undefined);
    assert.equal(h.get('fd.cport'), undefined);
    assert.equal(h.get('fd.cproto'), '');
    assert.equal(h.get('fd.lip'), undefined);
    assert.equal(h.get('fd.is_server'), true);
    assert.equal(h.get('fd.l4proto'), 'tcp');
    assert.equal(h.matches('fd.ip = 0.0.0.0'), true);
    assert.equal(h.matches('fd.port = 8080'), true);
    assert.equal(h.matches('fd.port != 8080'), false);
  });

  it('IPv6, unix and UDP sockets', () => {
    const h = new Harness().socket(8, AF_INET6, SOCK_STREAM).connect(8, '::1', 5000, '2001:db8::7', 6000);
    assert.equal(h.get('fd.type'), 'ipv6');
    assert.equal(h.get('fd.typechar'), '6');
    assert.equal((h.get('fd.cip') as Uint8Array).length, 16);
    assert.equal(h.output('%fd.cip %fd.sip %fd.cport %fd.sport'), '::1 2001:db8::7 5000 6000');
    assert.equal(h.matches('fd.sip = "2001:db8::7"'), true);
    assert.equal(h.matches('fd.ip = 127.0.0.1'), false);
    // No IPv6 interface: neither end is local, so "local" is the destination.
    assert.equal(h.output('%fd.lip %fd.rip'), '2001:db8::7 ::1');

    h.socket(9, AF_UNIX, SOCK_STREAM);
    assert.equal(h.get('fd.sockfamily'), 'unix');
    assert.equal(h.get('fd.type'), 'unix');
    assert.equal(h.get('fd.cip'), undefined);

    h.socket(10, AF_INET, SOCK_DGRAM).connect(10, '10.0.0.5', 33333, '8.8.8.8', 53);
    assert.equal(h.get('fd.l4proto'), 'udp');
    // fds 8, 9, 10 land in empty buckets of the C++ table: each goes first.
    assert.deepEqual(h.get('fd.types'), ['ipv4', 'unix', 'ipv6']);
  });
});

describe('fd.types order', () => {
  it('follows the iteration order of the C++ table libsinsp keeps fds in (measured with GNU libstdc++)', () => {
    assert.deepEqual(unorderedMapOrder([0, 1, 2, 3, 4]), [4, 3, 2, 1, 0]);
    assert.deepEqual(unorderedMapOrder([20, 3, 7, 33, 46, 1]), [1, 3, 46, 33, 7, 20]);
    // 14 entries grow the table from 13 to 29 buckets.
    assert.deepEqual(unorderedMapOrder([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]), [15, 14, 13, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const to40 = Array.from({ length: 41 }, (_v, i) => i);
    assert.deepEqual(unorderedMapOrder(to40), [
      40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
      13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
    ]);
  });
});

describe('fdlist fields', () => {
  it('the fds of a poll call', () => {
    const h = openat(new Harness(), 3, '/etc/hosts').socket(4, AF_INET, SOCK_STREAM).connect(4, '10.0.0.5', 40000, '1.2.3.4', 80);
    const fds = [3, 4, 99];
    const list = new Uint8Array(2 + fds.length * 10);
    const view = new DataView(list.buffer);
    view.setUint16(0, fds.length, true);
    fds.forEach((fd, i) => {
      view.setBigInt64(2 + i * 10, BigInt(fd), true);
      view.setInt16(2 + i * 10 + 8, 1, true);
    });
    h.feed(EventCode.SYSCALL_POLL_X, { res: 1, fds: list, timeout: 100 });
    assert.equal(h.get('fdlist.nums'), '3,4,99');
    assert.equal(h.get('fdlist.names'), '/etc/hosts,10.0.0.5:40000->1.2.3.4:80,<NA>');
    assert.equal(h.get('fdlist.cips'), '10.0.0.5');
    assert.equal(h.get('fdlist.sips'), '1.2.3.4');
    assert.equal(h.get('fdlist.cports'), '40000');
    assert.equal(h.get('fdlist.sports'), '80');

    h.feed(EventCode.SYSCALL_POLL_X, { res: 0, fds: new Uint8Array([0, 0]), timeout: 100 });
    assert.equal(h.get('fdlist.nums'), undefined);
    h.feed(EventCode.SYSCALL_CLOSE_X, { res: 0, fd: 3 });
    assert.equal(h.get('fdlist.names'), undefined);
  });
});

describe('fs.path fields', () => {
  it('paths of successful calls, resolved and raw', () => {
    const h = new Harness();
    h.feed(EventCode.SYSCALL_MKDIR_2_X, { res: 0, path: 'build/./out', mode: 0o755 });
    assert.equal(h.get('fs.path.name'), '/home/user/build/out');
    assert.equal(h.get('fs.path.nameraw'), 'build/./out');
    assert.equal(h.get('fs.path.source'), undefined);

    h.feed(EventCode.SYSCALL_MKDIR_2_X, { res: -17, path: 'build', mode: 0o755 });
    assert.equal(h.get('fs.path.name'), undefined);
    assert.equal(h.get('fs.path.nameraw'), undefined);

    h.feed(EventCode.SYSCALL_RENAMEAT2_X, { res: 0, olddirfd: AT_FDCWD, oldpath: 'a.txt', newdirfd: AT_FDCWD, newpath: '/tmp//b.txt', flags: 0 });
    assert.equal(h.get('fs.path.source'), '/home/user/a.txt');
    assert.equal(h.get('fs.path.sourceraw'), 'a.txt');
    assert.equal(h.get('fs.path.target'), '/tmp/b.txt');
    assert.equal(h.get('fs.path.targetraw'), '/tmp//b.txt');
    assert.equal(h.get('fs.path.name'), undefined);

    // link: libsinsp calls the new path the source.
    h.feed(EventCode.SYSCALL_LINK_2_X, { res: 0, oldpath: '/etc/passwd', newpath: 'pw' });
    assert.equal(h.get('fs.path.source'), '/home/user/pw');
    assert.equal(h.get('fs.path.target'), '/etc/passwd');

    // symlinkat: a relative target is never resolved.
    h.feed(EventCode.SYSCALL_SYMLINKAT_X, { res: 0, target: 'lib.so.1', linkdirfd: AT_FDCWD, linkpath: '/usr/lib/lib.so' });
    assert.equal(h.get('fs.path.target'), '<UNKNOWN>lib.so.1');
    assert.equal(h.get('fs.path.source'), '/usr/lib/lib.so');
  });

  it('opens: the opened fd stands for relative paths; any result but -1 counts', () => {
    const h = openat(new Harness(), 3, 'notes/../todo.txt');
    assert.equal(h.get('fs.path.name'), '/home/user/todo.txt');
    assert.equal(h.get('fs.path.nameraw'), 'notes/../todo.txt');

    h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd: -2, dirfd: AT_FDCWD, name: 'missing', flags: O_RDONLY, mode: 0 });
    assert.equal(h.get('fs.path.name'), '<UNKNOWN>');
    assert.equal(h.get('fs.path.nameraw'), 'missing');
    h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd: -1, dirfd: AT_FDCWD, name: 'denied', flags: O_RDONLY, mode: 0 });
    assert.equal(h.get('fs.path.nameraw'), undefined);

    h.feed(EventCode.SYSCALL_OPEN_X, { fd: 5, name: '/var/log/../log/syslog', flags: O_RDONLY, mode: 0 });
    assert.equal(h.get('fs.path.name'), '/var/log/syslog');
  });

  it('a directory fd as base, and the fd name for fchmod', () => {
    const h = new Harness().feed(EventCode.SYSCALL_OPENAT_2_X, {
      fd: 6, dirfd: AT_FDCWD, name: '/srv/data', flags: O_RDONLY | O_DIRECTORY, mode: 0,
    });
    assert.equal(h.get('fd.type'), 'directory');
    h.feed(EventCode.SYSCALL_UNLINKAT_2_X, { res: 0, dirfd: 6, name: 'old.log', flags: 0 });
    assert.equal(h.get('fs.path.name'), '/srv/data/old.log');
    h.feed(EventCode.SYSCALL_UNLINKAT_2_X, { res: 0, dirfd: 42, name: 'x.log', flags: 0 });
    assert.equal(h.get('fs.path.name'), '<UNKNOWN>x.log');

    openat(h, 3, '/etc/shadow').feed(EventCode.SYSCALL_FCHMOD_X, { res: 0, fd: 3, mode: 0o600 });
    assert.equal(h.get('fs.path.name'), '/etc/shadow');
    assert.equal(h.get('fs.path.nameraw'), '/etc/shadow');
  });
});

/** Field values of chosen events of a shared capture, as a replay computes them. */
function captureValues(capture: string, nums: ReadonlySet<number>, fields: readonly string[]): Map<number, FieldValue[]> {
  const state = new StateEngine({ mode: 'replay' });
  const stream = new CaptureEventStream(`${TRACES}/${capture}`, (t) => state.seed(t));
  state.seed(stream.header);
  const run: RunInfo = { source: 'syscall', hostname: 'h', bufferFormatBase64: false, firstEventTs: 0n };
  const ev = new SyscallEvent(state, run);
  const registry = new SyscallExtractorRegistry();
  const extractors = fields.map((f) => {
    const r = syscallFieldCatalog.resolve(f);
    if (isResolveError(r)) throw new Error(r.error);
    return registry.extractor(r);
  });
  const out = new Map<number, FieldValue[]>();
  try {
    for (let d = stream.next(); d !== null; d = stream.next()) {
      state.process(d.event);
      if (!nums.has(d.num)) continue;
      ev.begin(d.event, d.num, d.cpu).attachState();
      out.set(d.num, extractors.map((x) => x(ev)));
    }
  } finally {
    stream.close();
  }
  return out;
}

describe('values Falco 0.44.1 recorded for the shared captures', () => {
  it('connect_localhost.scap: fd tables loaded from the capture, a loopback connection', () => {
    const v = captureValues('connect_localhost.scap', new Set([186, 187, 188]), ['fd.types', 'fd.name', 'fd.is_server']);
    assert.deepEqual(v.get(186), [['ipv4'], '127.0.0.1:47192->127.0.0.1:80', true]);
    assert.deepEqual(v.get(187)?.[0], ['unix', 'timerfd', 'file', 'inotify', 'eventpoll', 'signalfd']);
    assert.deepEqual(v.get(188)?.[0], ['unix', 'pipe', 'file', 'timerfd', 'eventpoll', 'signalfd']);
  });
});
