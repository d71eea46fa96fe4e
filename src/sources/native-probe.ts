/**
 * The live probe's loader addon (native/, see driver/README.md) as typed
 * TypeScript: the options of `open`, the handle it returns, the kernel
 * counters of `stats()`, and where the built addon and probe object live.
 *
 * The probe filters by x86_64 system call number (`interesting`, a u8 per
 * number); generic events carry the ppm_sc code of their call, which the
 * probe takes from `ppmSc`.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FALCONET_HOME } from '../cli/home.js';
import { nativeSyscalls } from '../events/event-table.js';

/** Size of the tables indexed by system call number (the probe's maps). */
export const SYSCALL_TABLE_SIZE = 512;

export interface ProbeCounters {
  /** Events the probe tried to send, dropped or not. */
  nEvts: bigint;
  /** Dropped: the ring was full. */
  nDropsBuffer: bigint;
  /** Dropped: the event was over 64 KiB. */
  nDropsMaxEventSize: bigint;
  /** Dropped: no scratch space or ring (should not happen). */
  nDropsOther: bigint;
}

export interface ProbeStats extends ProbeCounters {
  perCpu: ProbeCounters[];
}

export interface OpenOptions {
  /** driver/build/probe.bpf.o */
  probePath: string;
  /** driver/build/probe-compat.bpf.o: loaded instead on kernels without the kfuncs probePath calls (Linux < 6.2). */
  compatProbePath?: string;
  /**
   * engine.modern_ebpf.cpus_for_each_buffer (0 = all CPUs) and the bytes of
   * each such buffer (a power of 2 and a multiple of the page size): their
   * memory is shared out between per-CPU rings (see ringBytesPerCpu).
   */
  cpusForEachBuffer: number;
  bufSizeBytes: number;
  /** By x86_64 system call number: 1 = capture. */
  interesting: Uint8Array;
  /** A process whose system calls are never captured (normally falconet itself). */
  excludeTgid: number;
  /** Bytes of sendto/recvfrom data kept. */
  snaplen: number;
  /** System call number -> libs ppm_sc code, for generic events. */
  ppmSc?: Uint16Array;
  /** procexit events from sched_process_exit (default true). */
  procexit?: boolean;
}

export interface ProbeHandle {
  /** The object file that was loaded (probePath or compatProbePath). */
  readonly probeObject: string;
  /** Bytes of each CPU's ring: a power of 2, at least 256 KiB, of which 128 KiB stay free. */
  readonly ringBytesPerCpu: number;
  /** Starts draining the rings; `onBatch` gets Buffers of scap event blocks (0x204), on the JavaScript thread. */
  start(onBatch: (batch: Buffer) => void): void;
  setInteresting(table: Uint8Array): void;
  stats(): ProbeStats;
  /** Stops the drain thread and detaches; batches queued before are still delivered. */
  close(): void;
}

export interface NativeProbe {
  /** Loads and attaches the probe. @throws Error naming the cause and the fix */
  open(options: OpenOptions): ProbeHandle;
}

export const PROBE_PATH = join(FALCONET_HOME, 'driver/build/probe.bpf.o');
export const COMPAT_PROBE_PATH = join(FALCONET_HOME, 'driver/build/probe-compat.bpf.o');
export const ADDON_PATH = join(FALCONET_HOME, 'native/build/Release/falconet_native.node');

/** Raised when the addon itself cannot be loaded (not built, wrong platform). */
export class NativeProbeUnavailable extends Error {}

/** Loads the addon. @throws NativeProbeUnavailable when it is missing or does not load */
export function loadNativeProbe(path = ADDON_PATH): NativeProbe {
  try {
    return createRequire(import.meta.url)(path) as NativeProbe;
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new NativeProbeUnavailable(`cannot load the live capture addon ${path} (${why}): build it with scripts/build-native.sh`);
  }
}

/** A table over system call numbers with the given ones set. */
export function interestingTable(nrs: Iterable<number>): Uint8Array {
  const t = new Uint8Array(SYSCALL_TABLE_SIZE);
  for (const n of nrs) if (n >= 0 && n < SYSCALL_TABLE_SIZE) t[n] = 1;
  return t;
}

/** System call number -> ppm_sc code, from the x86_64 table. */
export function ppmScTable(): Uint16Array {
  const t = new Uint16Array(SYSCALL_TABLE_SIZE);
  for (const s of nativeSyscalls()) if (s.nr < SYSCALL_TABLE_SIZE && s.ppmSc > 0) t[s.nr] = s.ppmSc;
  return t;
}

/** Sum of the three drop counters. */
export function totalDrops(c: ProbeCounters): bigint {
  return c.nDropsBuffer + c.nDropsMaxEventSize + c.nDropsOther;
}
