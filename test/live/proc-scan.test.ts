/**
 * The /proc scan that seeds live state, on real processes: a child started
 * with known arguments, environment, working directory and open fds (a
 * file, a pipe, TCP listening and connected sockets, a unix socket, an
 * eventfd, a directory) is read back field by field, then the whole host is
 * read into the state engine and the child's ancestry and fds checked there.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FdEntry, ProcessEntry } from '../../src/events/scap-records.js';
import { FdType, L4Proto } from '../../src/state/fd-info.js';
import { OpenFlags } from '../../src/state/ppm-flags.js';
import { StateEngine } from '../../src/state/system-state.js';
import { hostAccounts, readHostTables, seedLiveState } from '../../src/sources/host-tables.js';
import { openFlagsFromLinux, ProcReader } from '../../src/sources/proc-scan.js';

const dir = mkdtempSync(join(tmpdir(), 'fnscan-'));
const CHILD = String.raw`
import os, socket, sys, time
f = os.open(sys.argv[1] + '/out.txt', os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
r, w = os.pipe()
srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(1)
cli = socket.create_connection(srv.getsockname())
u = socket.socket(socket.AF_UNIX); u.bind(sys.argv[1] + '/sock'); u.listen(1)
e = os.eventfd(0)
d = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)
print(f, r, w, srv.fileno(), srv.getsockname()[1], cli.fileno(), cli.getsockname()[1], u.fileno(), e, d, flush=True)
time.sleep(30)
`;

let child: ChildProcess;
let fds: Record<string, number> = {};
let ports: { server: number; client: number };

describe('live state from /proc', () => {
  before(async () => {
    child = spawn('/usr/bin/python3', ['-c', CHILD, dir, 'second arg'], {
      cwd: dir,
      env: { PATH: '/usr/bin:/bin', FNSCAN_MARK: 'hello world' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString())));
    const [f, r, w, srv, sport, cli, cport, u, e, d] = line.trim().split(' ').map(Number);
    fds = { file: f!, pipeR: r!, pipeW: w!, server: srv!, client: cli!, unix: u!, eventfd: e!, dir: d! };
    ports = { server: sport!, client: cport! };
  });
  after(() => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a process: identity, command line, environment, cwd, credentials, limits', () => {
    const reader = new ProcReader();
    const { processes } = reader.readProcess(child.pid!, false);
    const p = processes.find((x) => x.tid === child.pid) as ProcessEntry;
    assert.ok(p);
    assert.equal(p.pid, child.pid);
    assert.equal(p.ptid, process.pid);
    assert.equal(p.comm, 'python3');
    assert.equal(p.exe, '/usr/bin/python3');
    assert.deepEqual(p.args, ['-c', CHILD, dir, 'second arg']);
    assert.equal(p.exepath, '/usr/bin/python3.11');
    assert.deepEqual(p.env, ['PATH=/usr/bin:/bin', 'FNSCAN_MARK=hello world']);
    assert.equal(p.cwd, dir);
    assert.equal(p.root, '/');
    assert.equal(p.uid, process.getuid!());
    assert.equal(p.gid, process.getgid!());
    assert.equal(p.vtid, p.tid);
    assert.equal(p.vpid, p.pid);
    assert.equal(p.flags, 0, 'a main thread');
    const limit = /^Max open files\s+(\d+)/m.exec(readFileSync(`/proc/${child.pid}/limits`, 'utf8'))![1];
    assert.equal(p.fdlimit, Number(limit));
    assert.equal(p.exeIno, BigInt(statSync('/usr/bin/python3.11').ino));
    assert.ok(p.capEffective > 0n, 'root has capabilities');
    assert.ok(p.vmsizeKb > 0 && p.vmrssKb > 0);
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    assert.equal(p.pgid, Number(rest[2]));
    assert.equal(p.sid, Number(rest[3]));
    assert.ok(p.cgroups.length > 0 && p.cgroups.every((c) => /^[\w=,.-]+=\//.test(c)), p.cgroups.join(' '));
  });

  it('reads its fds: file with flags, pipe, sockets resolved by inode, unix socket, eventfd, directory', () => {
    const list = new ProcReader().readFds(child.pid!);
    const byFd = new Map<number, FdEntry>(list.map((e) => [e.fd, e]));
    const file = byFd.get(fds['file']!);
    assert.equal(file?.kind, 'file');
    if (file?.kind === 'file') {
      assert.equal(file.name, join(dir, 'out.txt'));
      assert.equal(file.openFlags & (OpenFlags.WRONLY | OpenFlags.APPEND | OpenFlags.RDWR), OpenFlags.WRONLY | OpenFlags.APPEND);
      assert.equal(file.ino, BigInt(statSync(join(dir, 'out.txt')).ino));
    }
    const pipe = byFd.get(fds['pipeR']!);
    assert.equal(pipe?.type, FdType.FIFO);
    assert.match(pipe?.kind === 'named' ? pipe.name : '', /^pipe:\[\d+\]$/);
    const srv = byFd.get(fds['server']!);
    assert.equal(srv?.kind, 'ipv4-server');
    if (srv?.kind === 'ipv4-server') {
      assert.equal(srv.port, ports.server);
      assert.equal(srv.ip, 0x0100007f);
      assert.equal(srv.l4proto, L4Proto.TCP);
    }
    const cli = byFd.get(fds['client']!);
    assert.equal(cli?.kind, 'ipv4');
    if (cli?.kind === 'ipv4') {
      assert.deepEqual([cli.sip, cli.sport, cli.dip, cli.dport], [0x0100007f, ports.client, 0x0100007f, ports.server]);
    }
    const unix = byFd.get(fds['unix']!);
    assert.equal(unix?.kind, 'unix');
    if (unix?.kind === 'unix') assert.equal(unix.name, join(dir, 'sock'));
    assert.equal(byFd.get(fds['eventfd']!)?.type, FdType.EVENT);
    const d = byFd.get(fds['dir']!);
    assert.equal(d?.type, FdType.DIRECTORY);
    assert.equal(d?.kind === 'named' ? d.name : '', dir);
  });

  it('seeds the state engine: the child has its fds and its whole ancestry, up to pid 1', async () => {
    const reader = new ProcReader();
    const { tables, stats } = await readHostTables(reader);
    assert.ok(stats.processes >= 3 && stats.threads >= stats.processes && stats.fds > 0);
    assert.ok(tables.users!.some((u) => u.uid === 0 && u.name === 'root'));
    assert.ok(tables.interfaces!.some((i) => i.kind === 'ipv4' && i.addr === 0x0100007f));
    const state = new StateEngine({ mode: 'live', selfPid: process.pid, accounts: hostAccounts(), loadProcess: (tid) => reader.lookup(tid) });
    seedLiveState(state, tables);
    const t = state.threads.get(child.pid!);
    assert.ok(t);
    assert.equal(t.comm, 'python3');
    assert.equal(t.getCwd(), `${dir}/`);
    assert.equal(t.getEnvVar('FNSCAN_MARK'), 'hello world');
    const chain: number[] = [];
    for (let p = state.threads.get(t.ptid); p !== undefined && chain.length < 64; p = state.threads.get(p.ptid)) {
      chain.push(p.pid);
      if (p.pid === 1) break;
    }
    assert.equal(chain[0], process.pid);
    // The chain reaches pid 1, or its direct child when (as in some sandboxes) pid 1 cannot be read.
    const last = chain[chain.length - 1]!;
    const lastPpid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${last}/status`, 'utf8'))![1]);
    assert.ok(last === 1 || lastPpid === 1, `ancestry ${chain.join(' <- ')}`);
    assert.ok(chain.length >= 2);
    const file = t.getFd(fds['file']!);
    assert.equal(file?.name, join(dir, 'out.txt'));
    assert.equal(t.getFd(fds['client']!)?.name, `127.0.0.1:${ports.client}->127.0.0.1:${ports.server}`);
    assert.equal(t.getFd(fds['server']!)?.name, `127.0.0.1:${ports.server}`);
    assert.equal(state.userOf(t)?.name, 'root');
  });

  it('looks up a thread first seen live, with its fds', () => {
    const reader = new ProcReader();
    const found = reader.lookup(child.pid!);
    assert.equal(found?.process.comm, 'python3');
    assert.ok(found?.fds?.some((e) => e.fd === fds['client'] && e.kind === 'ipv4'));
    assert.equal(reader.lookup(0x3fffffff), undefined);
    assert.equal(reader.isAlive(child.pid!, child.pid!), true);
    assert.equal(reader.isAlive(child.pid!, 0x3fffffff), false);
  });
});

describe('open flags from /proc/PID/fdinfo', () => {
  it("convert like libscap's, composite masks included", () => {
    assert.equal(openFlagsFromLinux(0o100000), OpenFlags.RDONLY | OpenFlags.LARGEFILE);
    assert.equal(openFlagsFromLinux(0o2102001), OpenFlags.WRONLY | OpenFlags.CLOEXEC | OpenFlags.LARGEFILE | OpenFlags.APPEND);
    assert.equal(openFlagsFromLinux(0o2), OpenFlags.RDWR);
    assert.equal(openFlagsFromLinux(0o1101), OpenFlags.WRONLY | OpenFlags.CREAT | OpenFlags.TRUNC);
    // O_SYNC includes O_DSYNC's bit; O_TMPFILE includes O_DIRECTORY's
    assert.equal(openFlagsFromLinux(0o10000), OpenFlags.RDONLY | OpenFlags.DSYNC | OpenFlags.SYNC);
    assert.equal(openFlagsFromLinux(0o200000), OpenFlags.RDONLY | OpenFlags.DIRECTORY | OpenFlags.TMPFILE);
  });
});
