/**
 * The order in which libsinsp walks a process's fd table. Its table is a
 * C++ `std::unordered_map<int64_t, ...>` (GNU libstdc++), so `fd.types`
 * lists types in that container's iteration order, not in fd or insertion
 * order. Observed behaviour of that container with integer keys:
 *  - a key's bucket is the key modulo the bucket count;
 *  - the elements form one list in which each bucket's elements are
 *    adjacent; a new element goes first in its bucket's run, and a bucket
 *    that was empty starts a new run at the front of the list;
 *  - the first insertion makes 13 buckets; the count grows (29, 59, 127, ...) when an
 *    insertion would make the element count exceed it; growing re-inserts
 *    every element, in list order, into an empty list with the new count;
 *  - replacing the value of an existing key keeps its place; erasing only
 *    unlinks the element.
 *
 * The state keeps fds in a Map (insertion order of the fds now open). The
 * order here replays those insertions into an empty table: exact for tables
 * that only grew, an approximation when erased fds once made it grow more.
 */

/** Bucket counts the container goes through as it grows one insertion at a time. */
const BUCKET_COUNTS = [13, 29, 59, 127, 257, 541, 1109, 2357, 5087, 10273, 20753, 42043, 85229];

function bucketOf(key: number, buckets: number): number {
  if (key >= 0) return key % buckets;
  // Negative keys hash as their 64-bit two's complement.
  return Number(BigInt.asUintN(64, BigInt(key)) % BigInt(buckets));
}

/**
 * One list with bucket runs: `next` links element slots, `HEAD` is the slot
 * before the first element, and `before[b]` the slot preceding bucket b's run.
 */
class BucketList {
  static readonly HEAD = -1;
  readonly keys: number[] = [];
  private readonly next: number[] = [];
  private first = -1;
  private readonly before: Map<number, number> = new Map();

  constructor(private readonly buckets: number) {}

  private link(after: number, slot: number): void {
    if (after === BucketList.HEAD) {
      this.next[slot] = this.first;
      this.first = slot;
    } else {
      this.next[slot] = this.next[after]!;
      this.next[after] = slot;
    }
  }

  insert(key: number): void {
    const slot = this.keys.length;
    this.keys.push(key);
    this.next.push(-1);
    const b = bucketOf(key, this.buckets);
    const prev = this.before.get(b);
    if (prev !== undefined) {
      this.link(prev, slot);
      return;
    }
    // A new run at the front: the run that was first is now preceded by this element.
    const oldFirst = this.first;
    this.link(BucketList.HEAD, slot);
    if (oldFirst !== -1) this.before.set(bucketOf(this.keys[oldFirst]!, this.buckets), slot);
    this.before.set(b, BucketList.HEAD);
  }

  ordered(): number[] {
    const out: number[] = [];
    for (let s = this.first; s !== -1; s = this.next[s]!) out.push(this.keys[s]!);
    return out;
  }
}

/** Keys in the order the C++ table would iterate them after inserting `inserted` in that order. */
export function unorderedMapOrder(inserted: Iterable<number>): number[] {
  let level = 0;
  let list = new BucketList(BUCKET_COUNTS[0]!);
  let size = 0;
  for (const key of inserted) {
    if (size + 1 > BUCKET_COUNTS[level]! && level + 1 < BUCKET_COUNTS.length) {
      level++;
      const grown = new BucketList(BUCKET_COUNTS[level]!);
      for (const k of list.ordered()) grown.insert(k);
      list = grown;
    }
    list.insert(key);
    size++;
  }
  return list.ordered();
}
