/**
 * Names of the files written when an alert starts a capture, as Falco names
 * them: `<path_prefix>_<timestamp>_<event number>.scap`, both numbers
 * zero-padded to 20 digits so the names sort in time order. The timestamp
 * and number are the triggering event's (nanoseconds since the epoch,
 * `evt.num`). Falco writes these files gzip-compressed despite the extension.
 */

const DIGITS = 20;

/** An unsigned 64-bit value in decimal, 20 digits (the most it can have). */
function padded(n: bigint): string {
  return BigInt.asUintN(64, n).toString().padStart(DIGITS, '0');
}

/** The capture file path for an alert on the event with time `ts` and number `evtNum`. */
export function captureFilePath(prefix: string, ts: bigint, evtNum: number | bigint): string {
  return `${prefix}_${padded(ts)}_${padded(BigInt(evtNum))}.scap`;
}
