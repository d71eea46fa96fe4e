/**
 * Which system calls the live probe captures, chosen the way Falco 0.44.1
 * chooses its syscall set (`base_syscalls` in falco.yaml):
 *
 *   rules set   the calls the enabled rules' event types name (a rule that
 *               names none asks for every call);
 *   base set    the calls the state engine needs — libs' "modifies state"
 *               events plus the never-drop calls — unless
 *               `base_syscalls.custom_set` names calls of its own (they
 *               replace it);
 *   selected    rules ∪ base; with `repair: true` and no positive custom
 *               names, rules ∪ the minimal repair set instead;
 *               `!name` entries are removed; unless `all: true`, the I/O
 *               calls (read/write family) outside the base set are dropped;
 *               with `repair: true` and a custom set, the repair set is
 *               added back at the end.
 *
 * Falco works on libs' ppm_sc codes; the probe filters on x86_64 call
 * numbers, and on x86_64 the two map one to one, so the sets here hold call
 * numbers. A name reaches the calls whose event carries it (`pread` ->
 * pread64) and the call of that name (generic calls: `getpid`).
 *
 * What the probe can turn into state: a call in the base set that the probe
 * has no handler for arrives as a generic event that the state engine
 * cannot use, so such calls are captured only when a rule asks for them
 * (`probeHandlers` says which calls have handlers).
 */
import { EVENT_TABLE, eventByName, nativeSyscalls, type NativeSyscall } from '../events/event-table.js';
import { EVENT_CLASS_MASK, EventCategory, EventFlags } from '../events/event-types.js';
import type { EventTypeSet } from '../rules/compile/evttypes.js';
import { SYSCALL_TABLE_SIZE } from './native-probe.js';

export interface BaseSyscallsConfig {
  customSet: readonly string[];
  repair: boolean;
  all: boolean;
}

/** One message for the log, at the level Falco uses for it. */
export interface InterestLog {
  level: 'debug' | 'info' | 'warning';
  message: string;
}

export interface SyscallInterest {
  /** By call number: 1 = capture (what the probe's `interesting` map takes). */
  table: Uint8Array;
  /** The selected calls, by number. */
  selected: ReadonlySet<number>;
  /** The calls the rules ask for. */
  rules: ReadonlySet<number>;
  /** State-only calls left out because the probe would report them as generic events. */
  withoutHandler: ReadonlySet<number>;
  log: InterestLog[];
}

function syscalls(): readonly NativeSyscall[] {
  return [...nativeSyscalls()].filter((s) => s.nr >= 0 && s.nr < SYSCALL_TABLE_SIZE && s.ppmSc > 0);
}

/** The evt.type name a call's events have (the call's own name for generic calls). */
export function eventNameOfSyscall(s: NativeSyscall): string {
  return s.generic ? s.name : EVENT_TABLE[s.exitCode]!.name;
}

const NAME_TO_NRS: ReadonlyMap<string, ReadonlySet<number>> = (() => {
  const m = new Map<string, Set<number>>();
  const add = (name: string, nr: number): void => {
    let set = m.get(name);
    if (set === undefined) m.set(name, (set = new Set()));
    set.add(nr);
  };
  for (const s of syscalls()) {
    add(s.name, s.nr);
    if (!s.generic) add(EVENT_TABLE[s.exitCode]!.name, s.nr);
  }
  return m;
})();

/** The call numbers an evt.type name selects (empty for non-syscall names such as `procexit` or `container`). */
export function syscallsForEventName(name: string): ReadonlySet<number> {
  return NAME_TO_NRS.get(name) ?? new Set();
}

/** Whether any event of a call's name has one of the flags / matches the category test. */
function eventsOfCall(s: NativeSyscall, test: (flags: number, category: number) => boolean): boolean {
  if (s.generic) return false;
  return eventByName(EVENT_TABLE[s.exitCode]!.name).some((e) => test(e.flags, e.category));
}

/** libs' `sinsp_state_sc_set()`: calls whose events modify state, plus the never-drop calls. */
export const STATE_SYSCALLS: ReadonlySet<number> = new Set(
  syscalls()
    .filter(
      (s) =>
        s.neverDrop ||
        eventsOfCall(
          s,
          (flags, cat) => (flags & EventFlags.MODIFIES_STATE) !== 0 && (cat & (EventCategory.SYSCALL | EventCategory.TRACEPOINT)) !== 0,
        ),
    )
    .map((s) => s.nr),
);

/** libs' `io_sc_set()`: calls whose events are I/O reads or writes. */
export const IO_SYSCALLS: ReadonlySet<number> = new Set(
  syscalls()
    .filter((s) => eventsOfCall(s, (_f, cat) => {
      const c = cat & EVENT_CLASS_MASK;
      return c === EventCategory.IO_READ || c === EventCategory.IO_WRITE;
    }))
    .map((s) => s.nr),
);

function classSet(cls: number[]): ReadonlySet<number> {
  return new Set(syscalls().filter((s) => eventsOfCall(s, (_f, cat) => cls.includes(cat & EVENT_CLASS_MASK))).map((s) => s.nr));
}

const NET_SYSCALLS = classSet([EventCategory.NET]);
const FILE_AND_IO_SYSCALLS = classSet([EventCategory.FILE, EventCategory.IO_READ, EventCategory.IO_WRITE, EventCategory.IO_OTHER]);

function nrsOfNames(names: Iterable<string>): Set<number> {
  const out = new Set<number>();
  for (const n of names) for (const nr of syscallsForEventName(n)) out.add(nr);
  return out;
}

/** libs' `sinsp_repair_state_sc_set(set)`: the set plus the calls its state needs at the least. */
export function repairStateSet(set: ReadonlySet<number>): Set<number> {
  const out = new Set(set);
  const add = (...names: string[]): void => {
    for (const nr of nrsOfNames(names)) out.add(nr);
  };
  add('clone', 'clone3', 'fork', 'vfork', 'execve', 'execveat', 'fchdir', 'chdir', 'chroot', 'capset',
    'setgid', 'setpgid', 'setresgid', 'setresuid', 'setsid', 'setuid', 'prctl');
  const has = (s: ReadonlySet<number>): boolean => [...s].some((nr) => set.has(nr));
  const net = has(NET_SYSCALLS);
  if (net) add('socket', 'getsockopt', 'close');
  if (has(nrsOfNames(['accept', 'accept4', 'listen']))) add('bind');
  if (has(FILE_AND_IO_SYSCALLS)) add('close');
  return out;
}

/** The calls the enabled rules can match (every call when a rule names no event type). */
export function rulesSyscalls(types: EventTypeSet): Set<number> {
  if (types.all) return new Set(syscalls().map((s) => s.nr));
  return nrsOfNames(types.names);
}

/** The evt.type names of calls, sorted and comma-separated (how Falco lists syscall sets). */
export function eventNamesOf(set: Iterable<number>): string {
  const byNr = new Map(syscalls().map((s) => [s.nr, s] as const));
  const out = new Set<string>();
  for (const nr of set) {
    const s = byNr.get(nr);
    if (s !== undefined) out.add(eventNameOfSyscall(s));
  }
  return [...out].sort().join(', ');
}

/** `(N) what: name, name, ...` — how Falco logs a syscall set. */
function counted(set: Iterable<number>, what: string): string {
  const text = eventNamesOf(set);
  return `(${text === '' ? 0 : text.split(', ').length}) ${what}: ${text}`;
}

function diff(a: ReadonlySet<number>, b: ReadonlySet<number>): Set<number> {
  return new Set([...a].filter((x) => !b.has(x)));
}

/**
 * The calls to capture for these rules and `base_syscalls` settings.
 * `probeHandlers` (call numbers with a dedicated handler in the probe)
 * limits the state-only part; omit it to keep Falco's set as is.
 */
export function selectSyscalls(
  ruleTypes: EventTypeSet,
  base: BaseSyscallsConfig,
  probeHandlers?: ReadonlySet<number>,
): SyscallInterest {
  const log: InterestLog[] = [];
  const rules = rulesSyscalls(ruleTypes);
  if (rules.size > 0) log.push({ level: 'debug', message: counted(rules, 'syscalls in rules') });

  const positive: string[] = [];
  const negative: string[] = [];
  for (const n of base.customSet) {
    if (n === '') continue;
    if (n.startsWith('!')) negative.push(n.slice(1));
    else positive.push(n);
  }
  const positiveSet = nrsOfNames(positive);
  const negativeSet = nrsOfNames(negative);
  const invalid = (list: string[]): string[] => [...new Set(list.filter((n) => syscallsForEventName(n).size === 0))].sort();

  let baseSet: Set<number> = new Set(STATE_SYSCALLS);
  if (positiveSet.size > 0) {
    baseSet = positiveSet;
    log.push({ level: 'debug', message: `+${counted(positiveSet, 'syscalls added (base_syscalls override)')}` });
  }
  if (invalid(positive).length > 0) {
    log.push({ level: 'warning', message: `Invalid (positive) syscall names: warning (base_syscalls override): ${invalid(positive).join(', ')}` });
  }

  let selected = new Set([...rules, ...baseSet]);
  if (base.repair && positiveSet.size === 0) selected = repairStateSet(rules);
  if (negativeSet.size > 0) {
    selected = diff(selected, negativeSet);
    log.push({ level: 'debug', message: `-${counted(negativeSet, 'syscalls removed (base_syscalls override)')}` });
  }
  if (invalid(negative).length > 0) {
    log.push({ level: 'warning', message: `Invalid (negative) syscall names: warning (base_syscalls override): ${invalid(negative).join(', ')}` });
  }
  const stateOnly = diff(selected, rules);
  if (stateOnly.size > 0 && positiveSet.size === 0) {
    log.push({ level: 'debug', message: `+${counted(stateOnly, "syscalls (Falco's state engine set of syscalls)")}` });
  }
  if (!base.all) {
    const ignored = diff(IO_SYSCALLS, STATE_SYSCALLS);
    const erased = new Set([...selected].filter((nr) => ignored.has(nr)));
    selected = diff(selected, ignored);
    if (erased.size > 0) {
      log.push({ level: 'debug', message: `-${counted(erased, 'ignored syscalls (-> activate via `-A` flag)')}` });
    }
  }
  if (base.repair && base.customSet.length > 0) {
    const before = selected;
    selected = repairStateSet(selected);
    const repaired = diff(selected, before);
    if (repaired.size > 0) log.push({ level: 'info', message: `+${counted(repaired, 'repaired syscalls')}` });
  }

  // Calls kept for state only, that the probe would send as generic events, are of no use.
  const withoutHandler = new Set<number>();
  if (probeHandlers !== undefined) {
    for (const nr of selected) if (!rules.has(nr) && !probeHandlers.has(nr)) withoutHandler.add(nr);
    if (withoutHandler.size > 0) {
      log.push({ level: 'debug', message: `-${counted(withoutHandler, 'state syscalls the probe has no handler for (not captured)')}` });
    }
  }
  const table = new Uint8Array(SYSCALL_TABLE_SIZE);
  const final = new Set<number>();
  for (const nr of selected) {
    if (withoutHandler.has(nr)) continue;
    table[nr] = 1;
    final.add(nr);
  }
  if (final.size > 0) {
    log.push({ level: 'debug', message: counted(final, 'syscalls selected in total (final set)') });
  }
  return { table, selected: final, rules, withoutHandler, log };
}
