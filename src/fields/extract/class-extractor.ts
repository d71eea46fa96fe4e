/**
 * The seam between the extractor registry and the modules that implement one
 * field class each (evt.ts, process.ts, fd.ts, ...).
 *
 * A class module exports one function of type ClassExtractorBuilder. The
 * registry calls it once per distinct field reference (name + argument) at
 * compile time, with the field already resolved by the catalog. It returns
 * the extractor for that field, or undefined for a field it does not
 * implement (the field then has no value on any event, Falco's `<NA>`).
 *
 * An extractor reads the SyscallEvent (event, thread, fd, state) and
 * returns the field's value in the form src/fields/value.ts describes:
 * strings for text types, numbers (bigints beyond 2^53) for integer types,
 * booleans for BOOL, Uint8Array for BYTEBUF and IP addresses (4 or 16
 * bytes, network order), arrays for list fields, undefined for no value.
 * The registry caches the result per event, so an extractor may do real
 * work; it must not change the state.
 *
 * A few fields have a value that depends on how often they were read
 * (libsinsp keeps state in each field check: `evt.deltatime` measures from
 * the previous read). Their builders wrap the extractor with `perConsumer`:
 * the registry then builds a new one for each condition or output that
 * asks, and never caches its values.
 */
import type { ResolvedField } from '../types.js';
import type { Extractor } from '../value.js';
import type { SyscallEvent } from './syscall-event.js';

export type SyscallExtractor = Extractor<SyscallEvent>;

export type ClassExtractorBuilder = (field: ResolvedField) => SyscallExtractor | undefined;

const PER_CONSUMER = new WeakSet<SyscallExtractor>();

/** Marks an extractor whose value depends on its own past reads (see above). */
export function perConsumer(extractor: SyscallExtractor): SyscallExtractor {
  PER_CONSUMER.add(extractor);
  return extractor;
}

export function isPerConsumer(extractor: SyscallExtractor): boolean {
  return PER_CONSUMER.has(extractor);
}
