/**
 * Runtime values of fields, shared by the extractors (which produce them),
 * the compiled conditions (which compare them) and the output formatter.
 */
import type { ResolvedField } from './types.js';

/**
 * One extracted value. Integer types are `number` when they fit in 53 bits and
 * `bigint` otherwise (64-bit timestamps); comparisons treat both alike.
 * `undefined` means the field has no value for this event (Falco's `<NA>`).
 * List fields (`fd.types`, `proc.aname` without argument) give arrays.
 */
export type FieldScalar = string | number | bigint | boolean | Uint8Array;
export type FieldValue = FieldScalar | FieldScalar[] | undefined;

/** Reads one field (with its argument already bound) from an event. */
export type Extractor<E> = (event: E) => FieldValue;

/**
 * What an event source offers the compiler: an extractor for a resolved
 * field. Called once per field reference at compile time, never per event.
 */
export interface ExtractorFactory<E> {
  extractor(field: ResolvedField): Extractor<E>;
  /**
   * The extractor conditions compare with, where it differs from the printed
   * value (libsinsp compares `proc.aname` with each ancestor's name but prints
   * them joined). Absent, or returning the same as `extractor`, otherwise.
   */
  conditionExtractor?(field: ResolvedField): Extractor<E>;
}
