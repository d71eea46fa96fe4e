/**
 * What a capture holds, from one walk of its blocks with falconet's reader:
 * the event count, events per type and direction, and the programs that
 * successful execve/execveat calls started (their comm). Benchmarks print
 * it so a reader can see the mix a throughput figure was measured on.
 */
import { EventView } from '../src/events/event-view.js';
import { eventInfo, isExitCode } from '../src/events/event-table.js';
import { openCapture } from '../src/events/scap-reader.js';

export interface CaptureHistogram {
  /** Events delivered by the reader. */
  events: number;
  /** Events the reader skipped (type codes newer than it knows). */
  skipped: number;
  /** Scap section version, "major.minor". */
  version: string;
  /** Events per "name<" (exit) or "name>" (enter), most frequent first. */
  types: Array<[string, number]>;
  /** Successful execs per program name, most frequent first. */
  programs: Array<[string, number]>;
}

const EXEC_NAMES = new Set(['execve', 'execveat']);

function sorted(m: Map<string, number>): Array<[string, number]> {
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function captureHistogram(path: string): CaptureHistogram {
  const r = openCapture(path);
  const byCode = new Float64Array(1024);
  const programs = new Map<string, number>();
  const v = new EventView();
  // Index of the comm parameter per exec exit code (-1: none), looked up once per code.
  const commIndex = new Map<number, number>();
  let events = 0;
  try {
    for (let b = r.next(); b; b = r.next()) {
      for (let i = 0; i < b.count; i++) {
        v.at(b, i);
        byCode[v.type]++;
        const info = eventInfo(v.type);
        if (info === undefined || !EXEC_NAMES.has(info.name) || !isExitCode(v.type)) continue;
        let ci = commIndex.get(v.type);
        if (ci === undefined) {
          ci = info.params.findIndex((p) => p.name === 'comm');
          commIndex.set(v.type, ci);
        }
        if (ci < 0 || ci >= v.nparams || v.nparams === 0) continue;
        // Parameter 0 is the return value: only calls that succeeded started a program.
        if (v.paramLength(0) !== 8 || v.buffer.readBigInt64LE(v.paramOffset(0)) !== 0n) continue;
        const comm = v.paramBytes(ci).toString('utf8').replace(/\0.*$/s, '');
        programs.set(comm, (programs.get(comm) ?? 0) + 1);
      }
      events += b.count;
    }
    const types = new Map<string, number>();
    byCode.forEach((n, code) => {
      if (n === 0) return;
      const key = `${eventInfo(code)?.name ?? `type${code}`}${isExitCode(code) ? '<' : '>'}`;
      types.set(key, (types.get(key) ?? 0) + n);
    });
    const s = r.header.section;
    return { events, skipped: r.stats.skippedEvents, version: `${s.major}.${s.minor}`, types: sorted(types), programs: sorted(programs) };
  } finally {
    r.close();
  }
}

/** "name count (pct%)" for the first `top` entries, and the rest summed. */
export function formatTop(entries: ReadonlyArray<[string, number]>, total: number, top: number): string {
  const shown = entries.slice(0, top).map(([k, n]) => `${k} ${n} (${((100 * n) / total).toFixed(1)}%)`);
  const rest = entries.slice(top).reduce((s, [, n]) => s + n, 0);
  if (rest > 0) shown.push(`${entries.length - top} others ${rest} (${((100 * rest) / total).toFixed(1)}%)`);
  return shown.join(', ');
}
