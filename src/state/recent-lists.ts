/**
 * NUL-separated string lists that events repeat (environments, cgroups: a
 * clone or an exec usually carries its parent's), remembered with the bytes
 * they came from so that threads with the same bytes share one copy, and
 * the list is split at most once. Lookups compare bytes natively against a
 * few recent entries: far cheaper than hashing a kilobyte of environment.
 *
 * Shared lists must never be modified (threads replace them instead).
 */
import { splitNulStrings } from '../events/param-decoder.js';

const bytesEqual = Buffer.prototype.equals as (this: Uint8Array, other: Uint8Array) => boolean;

/** One list: its bytes (an own copy) and, once asked for, its strings. */
export class SharedList {
  private strings: string[] | undefined = undefined;

  constructor(readonly bytes: Uint8Array) {}

  /** The strings (one trailing NUL ignored; no bytes, no strings). */
  get list(): string[] {
    if (this.strings === undefined) this.strings = this.bytes.length === 0 ? [] : splitNulStrings(this.bytes);
    return this.strings;
  }
}

export class RecentLists {
  /** Most recent first. */
  private readonly entries: SharedList[] = [];

  constructor(private readonly max = 8) {}

  /** The shared list for these bytes (copied when new; `raw` may be a view of a reused buffer). */
  get(raw: Uint8Array): SharedList {
    const entries = this.entries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.bytes.length === raw.length && bytesEqual.call(e.bytes, raw)) {
        if (i > 0) {
          entries.splice(i, 1);
          entries.unshift(e);
        }
        return e;
      }
    }
    const e = new SharedList(new Uint8Array(raw));
    entries.unshift(e);
    if (entries.length > this.max) entries.pop();
    return e;
  }
}
