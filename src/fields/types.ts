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
  /**
   * The field declares an index argument (libsinsp's EPF_ARG_INDEX, listed as
   * `ARG_INDEX`; plugin fields such as `container.mount[0]`). Native fields
   * never set it: how they read their argument is `FieldInfo.argGrammar`.
   */
  argIndex?: boolean;
  /** The field declares a key argument (EPF_ARG_KEY, listed as `ARG_KEY`; `k8s.pod.label[app]`). */
  argKey?: boolean;
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
  /** Deprecated (EPF_DEPRECATED): still resolvable, not listed; the rule loader may warn. */
  deprecated?: boolean;
}

/**
 * How a field reads its argument when a condition is compiled. Each value is
 * one of libsinsp's parsing behaviours (they differ in accepted forms and in
 * the error reported for a bad argument); `FieldCatalog.resolve` implements them.
 * - `event-param`: `evt.arg`: `[N]` (int32) or `.PARAM` (an event parameter name); required.
 * - `event-rawparam`: `evt.rawarg`: `.PARAM` only; required.
 * - `event-around`: `evt.around`: `[T]` (uint64 timestamp); required.
 * - `event-type`: `evt.type.is`: `.TYPE` (event type name or number); required.
 * - `abspath-side`: `evt.abspath`: optional `.src` / `.dst`.
 * - `ancestor-index`: `proc.aname` and kin, `proc.args`: optional `[N]` (int32);
 *   anything else makes the whole name unknown.
 * - `env-name`: `proc.env`, `proc.aenv`: optional `[NAME]` (all digits: an index).
 * - `cgroup-subsystem`: `thread.cgroup`: `.SUBSYSTEM` (letters and `_`); required.
 * - `fd-number`: `fd.types`: optional `[N]` (int64).
 * - `plugin`: every field of a plugin class: optional `[x]`, checked against
 *   argAllowed/argRequired/argIndex/argKey with the plugin framework's messages.
 */
export type FieldArgGrammar =
  | 'event-param' | 'event-rawparam' | 'event-around' | 'event-type' | 'abspath-side'
  | 'ancestor-index' | 'env-name' | 'cgroup-subsystem' | 'fd-number' | 'plugin';

/**
 * How integer values of a field are printed (libsinsp print formats):
 * `dec`/`id` decimal, `hex` upper-case hexadecimal, `padded-dec` zero-padded to
 * 9 digits (nanosecond parts), `oct` octal, `dir` event direction, `na` not a number.
 */
export type FieldPrintFormat = 'na' | 'dec' | 'id' | 'hex' | 'oct' | 'padded-dec' | 'dir';

export interface FieldInfo {
  /** Full name, e.g. `proc.aname`. */
  name: string;
  type: FieldType;
  /** One sentence in falconet's own words. */
  description: string;
  flags: FieldFlags;
  /** Also accepts names of the form `NAME.suffix` as its argument (`evt.arg.fd`, `evt.type.is.open`). */
  dottedArg?: boolean;
  /** How the argument is parsed, for fields that take one (see FieldArgGrammar). */
  argGrammar?: FieldArgGrammar;
  /** How integer values are printed; absent means `na`. */
  printFormat?: FieldPrintFormat;
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
  /** Not shown by `--list` (libsinsp's hidden `util` class); its fields still resolve. */
  hidden?: boolean;
  /**
   * Set for fields declared by a plugin (its name, e.g. `container`): Falco
   * lists them as class `NAME (plugin)` and parses their arguments the plugin way.
   */
  plugin?: string;
}

/** The result of looking up `name` or `name[arg]` / `name.arg` in the catalog. */
export interface ResolvedField {
  info: FieldInfo;
  /** The argument as written (`2` in `proc.aname[2]`, `fd` in `evt.arg.fd`), if any. */
  arg?: string;
  /**
   * The argument read as a number where the field takes a number there:
   * `proc.aname[2]` -> 2, `evt.arg[0]` -> 0, `proc.env[3]` -> 3, `evt.type.is.3`,
   * plugin index arguments, `evt.around[T]`, `fd.types[N]`: a number, or a
   * bigint beyond 2^53 (nanosecond timestamps).
   * Absent when the argument is a name (`evt.arg.fd`, `proc.env[HOME]`).
   */
  argNumber?: number | bigint;
}
