/**
 * Generated condition code against the reference interpreter, on the same
 * conditions and the same synthetic events, in the same process. The
 * conditions look like Falco's stock rules (string equality and `in` lists,
 * prefixes, process ancestry, network ranges, a few numbers).
 */
import type { FieldInfo, FieldType, ResolvedField } from '../src/fields/types.js';
import type { ExtractorFactory, FieldValue } from '../src/fields/value.js';
import { parseCondition } from '../src/rules/condition/parser.js';
import { checkCondition, type FieldResolver } from '../src/rules/compile/checker.js';
import { emitCondition, type CompiledCondition } from '../src/rules/compile/emitter.js';
import { interpretCondition } from '../src/rules/compile/interpreter.js';

type BenchEvent = Record<string, FieldValue>;

const FIELDS: Array<[string, FieldType, FieldInfo['flags']]> = [
  ['evt.type', 'CHARBUF', {}],
  ['proc.name', 'CHARBUF', {}],
  ['proc.pname', 'CHARBUF', {}],
  ['proc.exepath', 'CHARBUF', {}],
  ['proc.cmdline', 'CHARBUF', {}],
  ['proc.aname', 'CHARBUF', { argAllowed: true, noRhs: true, noTransformer: true }],
  ['fd.name', 'CHARBUF', {}],
  ['fd.directory', 'CHARBUF', {}],
  ['fd.typechar', 'CHARBUF', {}],
  ['fd.snet', 'IPNET', { noRhs: true, noTransformer: true }],
  ['fd.sport', 'PORT', {}],
  ['user.uid', 'UINT32', {}],
  ['evt.is_open_write', 'BOOL', {}],
  ['container.id', 'CHARBUF', {}],
];

const resolver: FieldResolver = {
  resolve(name: string, arg?: string) {
    const f = FIELDS.find(([n]) => n === name);
    if (f === undefined) return { error: `filter_check called with nonexistent field ${name}` };
    const r: ResolvedField = { info: { name, type: f[1], description: name, flags: f[2] } };
    if (arg !== undefined) r.arg = arg;
    return r;
  },
};

const CONDITIONS = [
  'evt.type in (open, openat, openat2) and evt.is_open_write = true and fd.typechar = f and fd.name startswith /etc/ and not proc.name in (dpkg, rpm, yum, apt, apt-get, passwd, useradd)',
  'evt.type = execve and proc.name in (bash, sh, zsh, dash, ksh, csh, tcsh, fish) and proc.pname in (nginx, httpd, apache2, php-fpm, node, java) and container.id != host',
  'evt.type in (connect, sendto) and not fd.snet in (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 127.0.0.0/8) and fd.sport in (4444, 1337, 31337)',
  'evt.type = execve and (proc.cmdline contains "base64 -d" or proc.cmdline icontains "curl" or proc.exepath endswith /nc) and user.uid = 0',
  'evt.type = open and fd.directory in (/bin, /sbin, /usr/bin, /usr/sbin) and proc.aname in (sshd, cron) and not proc.name glob "systemd*"',
  'evt.type in (open, openat) and fd.name pmatch (/etc/shadow, /etc/sudoers, /root/.ssh, /var/run/docker.sock)',
];

const NAMES = ['bash', 'sshd', 'nginx', 'python3', 'systemd-journal', 'dpkg', 'node', 'cat', 'curl', 'java'];
const TYPES = ['open', 'openat', 'execve', 'connect', 'read', 'write', 'close', 'sendto', 'openat2', 'mmap'];
const PATHS = ['/etc/passwd', '/etc/shadow', '/usr/bin/ls', '/tmp/x', '/var/log/syslog', '/root/.ssh/id_rsa', '/proc/self/stat'];

/** Deterministic pseudo-random events (the same in both runs). */
function syntheticEvents(n: number): BenchEvent[] {
  let s = 7;
  const rnd = (k: number): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % k;
  };
  const events: BenchEvent[] = [];
  for (let i = 0; i < n; i++) {
    const name = NAMES[rnd(NAMES.length)]!;
    const path = PATHS[rnd(PATHS.length)]!;
    events.push({
      'evt.type': TYPES[rnd(TYPES.length)]!,
      'proc.name': name,
      'proc.pname': NAMES[rnd(NAMES.length)]!,
      'proc.exepath': `/usr/bin/${name}`,
      'proc.cmdline': `${name} -c echo ${rnd(1000)}`,
      'proc.aname': [NAMES[rnd(NAMES.length)]!, 'systemd'],
      'fd.name': path,
      'fd.directory': path.slice(0, path.lastIndexOf('/')) || '/',
      'fd.typechar': rnd(4) === 0 ? '4' : 'f',
      'fd.snet': `${rnd(4) === 0 ? 10 : 93}.${rnd(256)}.${rnd(256)}.${rnd(256)}`,
      'fd.sport': rnd(10) === 0 ? 4444 : 443,
      'user.uid': rnd(3) === 0 ? 0 : 1000,
      'evt.is_open_write': rnd(2) === 0,
      'container.id': rnd(2) === 0 ? 'host' : 'a1b2c3d4e5f6',
    });
  }
  return events;
}

const factory: ExtractorFactory<BenchEvent> = {
  extractor(f: ResolvedField) {
    const key = f.info.name;
    return (e: BenchEvent) => e[key];
  },
};

function compileAll(compile: (c: Parameters<typeof emitCondition>[0]) => CompiledCondition<BenchEvent>): Array<CompiledCondition<BenchEvent>> {
  return CONDITIONS.map((text) => {
    const parsed = parseCondition(text);
    if (!parsed.ok) throw new Error(`bench condition does not parse: ${parsed.error.message}`);
    const checked = checkCondition(parsed.expr, resolver);
    if (!checked.ok) throw new Error(`bench condition rejected: ${checked.error.message}`);
    return compile(checked.checked);
  });
}

/** Condition evaluations per second over the events, for at least `minMs`. */
function measure(fns: Array<CompiledCondition<BenchEvent>>, events: BenchEvent[], minMs: number): { opsPerSec: number; matches: number } {
  let ops = 0;
  let matches = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const e of events) {
      for (const fn of fns) if (fn(e)) matches++;
    }
    ops += events.length * fns.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return { opsPerSec: (ops / elapsed) * 1000, matches };
}

export interface CompiledVsInterpreted {
  /** Condition evaluations per second with the generated code. */
  compiledOpsPerSec: number;
  /** Condition evaluations per second with the interpreter. */
  interpretedOpsPerSec: number;
  /** compiled / interpreted. */
  ratio: number;
  conditions: number;
  events: number;
}

/** Times generated code and interpreter on the same conditions and events (after a warm-up). */
export function benchCompiledVsInterpreted(options: { events?: number; minMs?: number } = {}): CompiledVsInterpreted {
  const events = syntheticEvents(options.events ?? 2000);
  const minMs = options.minMs ?? 500;
  const compiled = compileAll((c) => emitCondition(c, factory));
  const interpreted = compileAll((c) => interpretCondition(c, factory));
  // both must agree, and the conditions must match sometimes, or the timing means little
  let matches = 0;
  for (const e of events) {
    compiled.forEach((fn, k) => {
      const r = fn(e);
      if (r !== interpreted[k]!(e)) throw new Error(`compiled and interpreted disagree on condition ${k}`);
      if (r) matches++;
    });
  }
  if (matches === 0) throw new Error('benchmark conditions never match');
  measure(compiled, events, 50);
  measure(interpreted, events, 50);
  const c = measure(compiled, events, minMs);
  const i = measure(interpreted, events, minMs);
  return {
    compiledOpsPerSec: c.opsPerSec,
    interpretedOpsPerSec: i.opsPerSec,
    ratio: c.opsPerSec / i.opsPerSec,
    conditions: CONDITIONS.length,
    events: events.length,
  };
}
