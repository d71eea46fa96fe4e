/**
 * The shape of the field catalog: what a field is called, what type its
 * values have and how it may be used in conditions and outputs. These are the
 * facts `falco --list` prints; extraction lives elsewhere (per class).
 */

/** Value types, named as Falco prints them in `--list` (`Type: CHARBUF`). */
export type FieldType =
  | 'INT8' | 'INT16' | 'INT32' | 'INT64'
  | 'UINT8' | 'UINT16' | 'UINT32' | 'UINT64'
  | 'CHARBUF' | 'BYTEBUF'
  | 'BOOL' | 'DOUBLE'
  | 'ABSTIME' | 'RELTIME'
  | 'IPADDR' | 'IPNET' | 'PORT'
  | 'FSPATH' | 'FSRELPATH'
  | 'DYNAMIC';

/** Flags that change how a field may be written in a condition. */
export interface FieldFlags {
  /** The field takes an argument (`proc.aname[2]`, `evt.arg.fd`). */
  argAllowed?: boolean;
  /** The field cannot be used without an argument (`proc.env[...]` is optional, `evt.arg` is required). */
  argRequired?: boolean;
  /** The argument must be a number (`proc.aname[N]`), as opposed to a name. */
  argIndex?: boolean;
  /** The field's value is a list (`fd.types`): `in`/`intersects` compare sets. */
  isList?: boolean;
  /** The field cannot appear on the right-hand side of a comparison (as `val(...)`). */
  noRhs?: boolean;
  /** No transformer (`tolower(...)`, ...) can be applied to the field. */
  noTransformer?: boolean;
  /** Usable in conditions only, not in output format strings. */
  filterOnly?: boolean;
  /** Hidden from `--list` (kept for compatibility). */
  hidden?: boolean;
}

export interface FieldInfo {
  /** Full name, e.g. `proc.aname`. */
  name: string;
  type: FieldType;
  /** One sentence in falconet's own words. */
  description: string;
  flags: FieldFlags;
  /** Also accepts names of the form `NAME.suffix` as its argument (`evt.arg.fd`, `evt.type.is.open`). */
  dottedArg?: boolean;
}

/** A group of fields as `--list` shows them (`Field Class: fd`). */
export interface FieldClass {
  /** Class name shown by `--list`, e.g. `evt` or `process`. */
  name: string;
  /** The parenthesised qualifier Falco prints, e.g. `All event types`. */
  qualifier?: string;
  description: string;
  /** Event sources the class applies to, e.g. `['syscall']`. */
  sources: string[];
  fields: FieldInfo[];
}

/** The result of looking up `name` or `name[arg]` / `name.arg` in the catalog. */
export interface ResolvedField {
  info: FieldInfo;
  /** The argument as written (`2` in `proc.aname[2]`, `fd` in `evt.arg.fd`), if any. */
  arg?: string;
}
