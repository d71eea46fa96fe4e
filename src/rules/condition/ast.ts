/**
 * The abstract syntax tree of a Falco condition, as produced by the parser
 * and consumed by the later passes (binder, checker, emitter, interpreter).
 * Shapes follow Falco's filter grammar so that error messages and positions
 * can match Falco's.
 */

/** A place in the condition text: 0-based offset, 1-based line and column. */
export interface Position {
  offset: number;
  line: number;
  col: number;
}

export type Expr =
  | AndExpr
  | OrExpr
  | NotExpr
  | IdentifierExpr
  | UnaryCheckExpr
  | BinaryCheckExpr;

export interface AndExpr { kind: 'and'; children: Expr[]; pos: Position }
export interface OrExpr { kind: 'or'; children: Expr[]; pos: Position }
export interface NotExpr { kind: 'not'; child: Expr; pos: Position }

/** A bare word in boolean position: a macro reference until the binder resolves it. */
export interface IdentifierExpr { kind: 'identifier'; name: string; pos: Position }

export type UnaryOperator = 'exists';

export type BinaryOperator =
  | '=' | '==' | '!='
  | '<' | '<=' | '>' | '>='
  | 'contains' | 'icontains' | 'bcontains'
  | 'startswith' | 'bstartswith' | 'endswith'
  | 'glob' | 'iglob' | 'regex'
  | 'in' | 'intersects' | 'pmatch';

export interface UnaryCheckExpr {
  kind: 'unary';
  left: FieldOperand;
  op: UnaryOperator;
  pos: Position;
}

/** `contains oneof (a, b)`: a string operator applied to each item of a list. */
export type OperatorModifier = 'oneof' | 'anyof' | 'allof';

export interface BinaryCheckExpr {
  kind: 'binary';
  left: FieldOperand;
  op: BinaryOperator;
  /** Present only with string operators followed by a list (`= oneof (a, b)`). */
  modifier?: OperatorModifier;
  right: Operand;
  pos: Position;
}

/** `proc.aname[2]`, `evt.arg.flags` (arg = `flags`), `proc.env[HOME]`. */
export interface FieldExpr {
  kind: 'field';
  name: string;
  arg?: string;
  pos: Position;
}

export type TransformerName =
  | 'tolower' | 'toupper' | 'b64' | 'basename' | 'len'
  | 'join' | 'concat' | 'getopt'
  | 'val';

/**
 * `tolower(proc.name)`, `join(',', proc.args)`, `getopt(proc.args, 'c')[x]`;
 * `val(proc.pname)` marks a field used as a right-hand value. Single-input
 * transformers have exactly one argument.
 */
export interface TransformerExpr {
  kind: 'transformer';
  name: TransformerName;
  args: TransformerArg[];
  /** Optional `[arg]` after the closing parenthesis. */
  arg?: string;
  pos: Position;
}

/** An argument of a transformer: a field, a nested transformer, a literal or a list of those. */
export type TransformerArg = FieldOperand | ValueExpr | TransformerListExpr;

/** `(a, proc.name, 'x')` inside a transformer's arguments. */
export interface TransformerListExpr {
  kind: 'transformer_list';
  children: Array<FieldOperand | ValueExpr>;
  pos: Position;
}

export type FieldOperand = FieldExpr | TransformerExpr;

/** A literal as written after unquoting/unescaping (`'a b'` gives `a b`). */
export interface ValueExpr {
  kind: 'value';
  value: string;
  pos: Position;
  /**
   * True when written as a quoted literal. Optional (absent = bare): Falco
   * substitutes list names only where they appear bare, so `("my_list")` is a
   * literal while `(my_list)` expands.
   */
  quoted?: boolean;
}

/** `(a, b, c)`: literal items as written (list names are expanded by the binder). */
export interface ListExpr { kind: 'list'; values: ValueExpr[]; pos: Position }

/**
 * Right-hand side of a comparison: a value, a list literal, a bare identifier
 * naming a list (`in my_list`, expanded by the binder), or a field wrapped in
 * a transformer (`val(...)`, `tolower(...)`).
 */
export type Operand = ValueExpr | ListExpr | ListRefExpr | FieldOperand;

/** `in my_list` without parentheses: a reference to a list item. */
export interface ListRefExpr { kind: 'listref'; name: string; pos: Position }
