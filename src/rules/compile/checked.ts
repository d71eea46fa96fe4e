/**
 * The typed condition the checker produces and the emitter/interpreter
 * consume: every field resolved and numbered, every transformer typed, every
 * literal parsed for the type it is compared with. Nothing in it can fail to
 * evaluate; an event either satisfies it or not.
 */
import type { FieldType, ResolvedField } from '../../fields/types.js';
import type { OperatorModifier, Position } from '../condition/ast.js';
import type { IpNetwork } from './ip.js';

/**
 * How values of a type are compared (Falco's comparison families):
 * - `int`: all integer types, PORT, RELTIME, ABSTIME (number or bigint)
 * - `double`: DOUBLE
 * - `bool`: BOOL
 * - `string`: CHARBUF, FSPATH, FSRELPATH (byte order, C string rules)
 * - `bytes`: BYTEBUF
 * - `ipaddr`: IPADDR (equality, families never equal)
 * - `ipnet`: IPNET (the field gives an address, operands are networks)
 * - `dynamic`: DYNAMIC (type only known per event; numbers or text)
 */
export type Domain = 'int' | 'double' | 'bool' | 'string' | 'bytes' | 'ipaddr' | 'ipnet' | 'dynamic';

/** Binary operators after normalization (`==` is `=`). */
export type CompareOp =
  | '=' | '!='
  | '<' | '<=' | '>' | '>='
  | 'contains' | 'icontains' | 'bcontains'
  | 'startswith' | 'bstartswith' | 'endswith'
  | 'glob' | 'iglob' | 'regex'
  | 'in' | 'intersects' | 'pmatch';

export type Modifier = OperatorModifier;

/** Transformers that map each value of one operand. */
export type SingleTransformer = 'tolower' | 'toupper' | 'b64' | 'basename' | 'len';

/**
 * A parsed operand, by domain: `int` number|bigint, `double` number, `bool`
 * boolean, `string`/`dynamic` string, `bytes` Uint8Array, `ipaddr`
 * Uint8Array (4 or 16 bytes), `ipnet` IpNetwork.
 */
export type ConstValue = number | bigint | boolean | string | Uint8Array | IpNetwork;

/** The static type of an operand after its transformers. */
interface Typed {
  type: FieldType;
  /** The operand yields a list (Falco's EPF_IS_LIST): `in`/`intersects` compare sets. */
  isList: boolean;
}

/** A field read from the event; `ref` indexes the checker's list of distinct fields. */
export interface CheckedField extends Typed {
  kind: 'field';
  ref: number;
  field: ResolvedField;
}

/** `tolower(x)`, `len(x)`, ...: `inputType`/`inputIsList` describe `input`. */
export interface CheckedTransform extends Typed {
  kind: 'transform';
  name: SingleTransformer;
  input: CheckedOperand;
  inputType: FieldType;
  inputIsList: boolean;
}

/** `join(separator, list)`: the list's items as text, separated. */
export interface CheckedJoin extends Typed {
  kind: 'join';
  separator: CheckedOperand;
  list: CheckedOperand;
}

/** `concat(a, b, ...)`: the texts one after the other. */
export interface CheckedConcat extends Typed {
  kind: 'concat';
  parts: CheckedOperand[];
}

/** `getopt(args, optstring)` (list of options and values) or `getopt(...)[c]` (value of option c). */
export interface CheckedGetopt extends Typed {
  kind: 'getopt';
  args: CheckedOperand;
  optstring: CheckedOperand;
  option?: string;
}

/** A literal text used as a transformer argument. */
export interface CheckedText extends Typed {
  kind: 'text';
  value: string;
}

/** `(a, proc.name, 'x')` inside transformer arguments: a list of texts. */
export interface CheckedTextList extends Typed {
  kind: 'textlist';
  items: CheckedOperand[];
}

export type CheckedOperand =
  | CheckedField
  | CheckedTransform
  | CheckedJoin
  | CheckedConcat
  | CheckedGetopt
  | CheckedText
  | CheckedTextList;

export interface CheckedAnd { kind: 'and'; children: CheckedExpr[] }
export interface CheckedOr { kind: 'or'; children: CheckedExpr[] }
export interface CheckedNot { kind: 'not'; child: CheckedExpr }

/** `x exists`: the operand has a value (a list field: even an empty one). */
export interface CheckedExists {
  kind: 'exists';
  left: CheckedOperand;
  pos: Position;
}

/** Literal operands, parsed for the comparison's domain (for `bcontains` from hex). */
export interface CheckedValues {
  kind: 'values';
  values: ConstValue[];
}

/** `val(field)` or a transformed field as right-hand side, same type as the left. */
export interface CheckedFieldValue {
  kind: 'field';
  operand: CheckedOperand;
}

export interface CheckedCompare {
  kind: 'compare';
  op: CompareOp;
  modifier?: Modifier;
  domain: Domain;
  left: CheckedOperand;
  /**
   * How a non-list left operand that yields several values (a field whose
   * extractor returns an array: ancestors, both ends of a connection) is
   * judged: `some` value satisfies the operator, or `every` value does (Falco's
   * `!=` on the connection-endpoint fields fd.ip/fd.net/fd.port/fd.proto).
   */
  quantifier: 'some' | 'every';
  right: CheckedValues | CheckedFieldValue;
  pos: Position;
}

export type CheckedExpr = CheckedAnd | CheckedOr | CheckedNot | CheckedExists | CheckedCompare;

/** A compile warning (Falco's LOAD_COMPILE_CONDITION warnings). */
export interface CheckWarning {
  message: string;
  pos: Position;
}
