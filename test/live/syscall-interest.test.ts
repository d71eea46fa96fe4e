/**
 * The system call set the live source asks the probe for: Falco's
 * base_syscalls logic (rules set, state set, custom_set, repair, all, the
 * I/O calls left out) over x86_64 call numbers, and the limit to calls the
 * probe has handlers for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nativeSyscalls } from '../../src/events/event-table.js';
import type { EventTypeSet } from '../../src/rules/compile/evttypes.js';
import { PROBE_HANDLER_SYSCALLS, probeHandlerNumbers } from '../../src/sources/probe-handlers.js';
import {
  IO_SYSCALLS, repairStateSet, selectSyscalls, STATE_SYSCALLS, syscallsForEventName, type BaseSyscallsConfig,
} from '../../src/sources/syscall-interest.js';
import { ROOT } from './native-probe.js';

const NR: Record<string, number> = Object.fromEntries([...nativeSyscalls()].map((s) => [s.name, s.nr]));
const DEFAULT_BASE: BaseSyscallsConfig = { customSet: [], repair: false, all: false };
const types = (...names: string[]): EventTypeSet => ({ all: false, names: new Set(names) });
const nrs = (...names: string[]): number[] => names.map((n) => NR[n]!);
const has = (set: ReadonlySet<number>, ...names: string[]): boolean => nrs(...names).every((nr) => set.has(nr));
const hasNone = (set: ReadonlySet<number>, ...names: string[]): boolean => nrs(...names).every((nr) => !set.has(nr));

test('syscall interest: event names reach the calls whose events carry them, and calls by their own name', () => {
  assert.deepEqual([...syscallsForEventName('pread')], [NR['pread64']]);
  assert.deepEqual([...syscallsForEventName('pread64')], [NR['pread64']]);
  assert.deepEqual([...syscallsForEventName('getpid')], [NR['getpid']]); // a generic call
  assert.deepEqual([...syscallsForEventName('openat')], [NR['openat']]);
  assert.equal(syscallsForEventName('procexit').size, 0); // a tracepoint, always on in the probe
  assert.equal(syscallsForEventName('container').size, 0);
});

test("syscall interest: libs' state set has the process, fd and credential calls, not the I/O ones", () => {
  assert.ok(has(STATE_SYSCALLS, 'clone', 'clone3', 'fork', 'vfork', 'execve', 'execveat', 'close', 'socket', 'bind', 'accept', 'accept4',
    'dup', 'dup2', 'dup3', 'fcntl', 'chdir', 'fchdir', 'setuid', 'setgid', 'setresuid', 'pipe', 'pipe2', 'eventfd', 'open', 'openat', 'prctl'));
  assert.ok(hasNone(STATE_SYSCALLS, 'read', 'write', 'getpid', 'nanosleep', 'stat'));
  assert.ok(has(IO_SYSCALLS, 'read', 'write', 'pread64', 'readv', 'sendfile'));
});

test('syscall interest: default base_syscalls is the rules calls plus the state set, without the I/O calls', () => {
  const i = selectSyscalls(types('open', 'openat', 'openat2', 'execve', 'connect', 'read'), DEFAULT_BASE);
  assert.ok(has(i.selected, 'open', 'openat', 'openat2', 'execve', 'connect', 'clone', 'close', 'fcntl', 'chdir', 'setresuid'));
  assert.ok(hasNone(i.selected, 'read', 'write', 'getpid'));
  assert.ok(i.rules.has(NR['read']!), 'the rules asked for read: Falco warns that it is not captured');
  assert.equal(i.table.length, 512);
  assert.equal(i.table[NR['openat']!], 1);
  assert.equal(i.table[NR['read']!], 0);
  assert.deepEqual(i.log[0], { level: 'debug', message: '(6) syscalls in rules: connect, execve, open, openat, openat2, read' });
  assert.ok(i.log.some((l) => l.message.startsWith('-(') && l.message.includes('ignored syscalls (-> activate via `-A` flag): ') && l.message.includes('read')));
});

test('syscall interest: base_syscalls.all keeps the I/O calls the rules name', () => {
  const i = selectSyscalls(types('read', 'open'), { ...DEFAULT_BASE, all: true });
  assert.ok(has(i.selected, 'read', 'open', 'clone'));
  assert.ok(hasNone(i.selected, 'write'), 'only what the rules or the state set name');
});

test('syscall interest: a rule without event types asks for every call', () => {
  const i = selectSyscalls({ all: true, names: new Set() }, { ...DEFAULT_BASE, all: true });
  assert.ok(has(i.selected, 'read', 'write', 'getpid', 'nanosleep', 'open', 'ptrace'));
});

test('syscall interest: custom_set replaces the state set; !names are removed; bad names are warned about', () => {
  const i = selectSyscalls(types('openat'), { customSet: ['clone', 'execve', '!openat', '!close', 'nosuchcall', '!nosuchcall2'], repair: false, all: false });
  assert.deepEqual([...i.selected].sort((a, b) => a - b), nrs('clone', 'execve').sort((a, b) => a - b));
  assert.ok(i.log.some((l) => l.level === 'warning' && l.message === 'Invalid (positive) syscall names: warning (base_syscalls override): nosuchcall'));
  assert.ok(i.log.some((l) => l.level === 'warning' && l.message === 'Invalid (negative) syscall names: warning (base_syscalls override): nosuchcall2'));
});

test('syscall interest: repair adds the least the state needs for the rules (network rules get socket, close)', () => {
  const r = repairStateSet(new Set(nrs('connect')));
  assert.ok(has(r, 'connect', 'socket', 'getsockopt', 'close', 'clone', 'execve', 'setuid', 'prctl', 'chdir'));
  assert.ok(hasNone(r, 'bind', 'accept', 'open', 'fcntl'));
  assert.ok(has(repairStateSet(new Set(nrs('accept4'))), 'bind'));
  const i = selectSyscalls(types('openat'), { ...DEFAULT_BASE, repair: true });
  assert.ok(has(i.selected, 'openat', 'close', 'clone', 'execve'));
  assert.ok(hasNone(i.selected, 'socket', 'fcntl', 'pipe'));
});

test('syscall interest: the probe has a handler for every call of the state set', () => {
  const handlers = probeHandlerNumbers();
  const i = selectSyscalls(types('openat', 'fcntl'), DEFAULT_BASE, handlers);
  assert.ok(has(i.selected, 'openat', 'fcntl', 'clone', 'close', 'socket', 'setsid', 'close_range', 'pidfd_open', 'pidfd_getfd', 'open_by_handle_at'));
  assert.deepEqual([...i.withoutHandler], []);
  assert.ok(!i.log.some((l) => l.message.includes('no handler for')));
});

test('syscall interest: state calls the probe has no handler for are left out, unless a rule names them', () => {
  const handlers = new Set([...probeHandlerNumbers()].filter((nr) => !nrs('setsid', 'close_range').includes(nr)));
  const i = selectSyscalls(types('openat', 'close_range'), DEFAULT_BASE, handlers);
  assert.ok(has(i.selected, 'openat', 'clone', 'close', 'socket', 'close_range'));
  assert.deepEqual([...i.withoutHandler], nrs('setsid'));
  for (const nr of i.selected) assert.ok(handlers.has(nr) || i.rules.has(nr));
  assert.ok(i.log.some((l) => l.level === 'debug' && l.message === '-(1) state syscalls the probe has no handler for (not captured): setsid'));
});

test("probe handlers: the list matches driver/src/probe.bpf.c's syscall_exit_progs", () => {
  const src = readFileSync(join(ROOT, 'driver/src/probe.bpf.c'), 'utf8');
  const inDriver = [...src.matchAll(/\[NR_(\w+)\] = \(void \*\)&\w+_x/g)].map((m) => m[1]!);
  assert.deepEqual([...inDriver].sort(), [...PROBE_HANDLER_SYSCALLS].sort());
  assert.equal(new Set(inDriver).size, inDriver.length, 'one handler per call');
  assert.equal(probeHandlerNumbers().size, inDriver.length, 'every call has an x86_64 number');
});
