/**
 * What the live source seeds the state engine with, in the shape of a
 * capture's tables: the /proc scan (processes, threads, fds), the network
 * interfaces, the host's users and groups, and the machine's boot time.
 * Also the account source for users and groups met later (host files, and
 * a container's own /etc/passwd and /etc/group through /proc/PID/root).
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { CaptureTables, InterfaceEntry } from '../events/scap-records.js';
import { emptyTables } from '../events/scap-records.js';
import type { StateEngine } from '../state/system-state.js';
import { accountsFromFiles, parseGroupFile, parsePasswd, type AccountSource } from '../state/users.js';
import { hostMachine } from '../capture/state-tables.js';
import type { ProcReader } from './proc-scan.js';

/** Processes read between two returns to the event loop (so probe batches keep being taken). */
const PROCESSES_PER_SLICE = 64;

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Address bytes as the capture records keep IPv4 addresses (network bytes read little-endian). */
function ipv4Number(text: string): number {
  const p = text.split('.').map(Number);
  return ((p[0]! | (p[1]! << 8) | (p[2]! << 16) | (p[3]! << 24)) >>> 0);
}

function ipv6Bytes(text: string): Uint8Array {
  const [head, tail] = text.split('%')[0]!.split('::') as [string, string | undefined];
  const words = (s: string | undefined): number[] => (s === undefined || s === '' ? [] : s.split(':').map((w) => Number.parseInt(w, 16)));
  const h = words(head);
  const t = words(tail);
  const all = tail === undefined ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  const out = new Uint8Array(16);
  all.forEach((w, i) => {
    out[i * 2] = w >>> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

/** The machine's interface addresses (libscap's interface list). */
export function hostInterfaces(): InterfaceEntry[] {
  const out: InterfaceEntry[] = [];
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.family === 'IPv4') {
        const addr = ipv4Number(a.address);
        const netmask = ipv4Number(a.netmask);
        out.push({ kind: 'ipv4', type: 1, name, addr, netmask, bcast: (addr | ~netmask) >>> 0, linkspeed: 0n });
      } else {
        out.push({ kind: 'ipv6', type: 2, name, addr: ipv6Bytes(a.address), netmask: ipv6Bytes(a.netmask), bcast: new Uint8Array(16), linkspeed: 0n });
      }
    }
  }
  return out;
}

/**
 * Boot time in ns since the epoch: `btime` of /proc/stat in whole seconds, as
 * libscap reads it. It is a constant, so every run (and the replay of a
 * capture it wrote) derives the same container.start_ts from it; now minus
 * /proc/uptime would differ by milliseconds from one reading to the next.
 */
export function bootTimeNs(): bigint {
  const m = /^btime (\d+)$/m.exec(readText('/proc/stat'));
  if (m !== null) return BigInt(m[1]!) * 1_000_000_000n;
  const up = Number(readText('/proc/uptime').split(' ')[0] ?? 0);
  return BigInt(Date.now()) * 1_000_000n - BigInt(Math.round(up * 1e9));
}

/** Host accounts from /etc, and a container's from its root filesystem. */
export function hostAccounts(): AccountSource {
  const host = accountsFromFiles(readText('/etc/passwd'), readText('/etc/group'));
  return {
    user: host.user,
    group: host.group,
    containerAccounts: (_containerId, pid) => {
      if (pid <= 0) return undefined;
      const passwd = readText(`/proc/${pid}/root/etc/passwd`);
      const group = readText(`/proc/${pid}/root/etc/group`);
      if (passwd === '' && group === '') return undefined;
      return { users: parsePasswd(passwd), groups: parseGroupFile(group) };
    },
  };
}

export interface HostScanStats {
  processes: number;
  threads: number;
  fds: number;
}

/**
 * Reads the whole host into capture tables (falconet's own process
 * included, as Falco keeps itself in its table). Yields to the event loop
 * every few processes so the probe's batches keep being taken meanwhile.
 */
export async function readHostTables(reader: ProcReader): Promise<{ tables: CaptureTables; stats: HostScanStats }> {
  const tables = emptyTables();
  tables.machine = hostMachine(bootTimeNs());
  tables.interfaces = hostInterfaces();
  tables.users = parsePasswd(readText('/etc/passwd')).map((u) => ({ uid: u.uid, gid: u.gid, name: u.name, homedir: u.home, shell: u.shell }));
  tables.groups = parseGroupFile(readText('/etc/group'));
  const stats: HostScanStats = { processes: 0, threads: 0, fds: 0 };
  reader.forgetSockets();
  let n = 0;
  for (const pid of reader.pids()) {
    const { processes, fds } = reader.readProcess(pid, true);
    if (processes.length === 0) continue;
    stats.processes++;
    stats.threads += processes.length;
    stats.fds += fds.length;
    tables.processes.push(...processes);
    tables.fds.push(...fds);
    if (++n % PROCESSES_PER_SLICE === 0) await yieldToLoop();
  }
  reader.forgetSockets();
  return { tables, stats };
}

/**
 * Seeds the state engine with the host's tables, then records the users and
 * groups of processes found inside containers, looked up in each
 * container's own account files (an event would do it for processes started
 * later; those already running get it here).
 */
export function seedLiveState(state: StateEngine, tables: CaptureTables): void {
  state.seed(tables);
  for (const t of state.threads.values()) {
    if (t.containerId === '') continue;
    state.users.addGroup(t.containerId, t.pid, t.gid);
    state.users.addUser(t.containerId, t.pid, t.uid, t.gid);
  }
}
