/**
 * Prepared predicates for compiled conditions: the right-hand side of a
 * comparison is turned once into the fastest test for it (hash sets for
 * `in` and `= anyof`, a prefix tree for `pmatch`, compiled wildcards and
 * regular expressions), and wrapped with the rules for missing values,
 * multi-valued fields and list fields. The generated code calls these for
 * everything it does not write inline.
 */
import type { FieldScalar, FieldValue } from '../../fields/value.js';
import type { CheckedCompare, CompareOp, ConstValue, Domain, Modifier } from './checked.js';
import { compileGlob } from './glob.js';
import { ipKey, networkContains, type IpNetwork } from './ip.js';
import { compareScalar, icontainsMatcher, toDomainValue, type DomainScalar } from './operators.js';
import { PathPrefixSet } from './path-prefix.js';
import { compileRegex } from './re2-posix.js';

export type ScalarTest = (x: DomainScalar) => boolean;
export type ValueTest = (v: FieldValue) => boolean;

type Key = string | number | bigint | boolean;

function bytesKey(b: Uint8Array): string {
  let k = 'b';
  for (let i = 0; i < b.length; i++) k += String.fromCharCode(b[i]!);
  return k;
}

/** A hashable identity of a value for equality, in domains where equality is identity. */
export function keyOf(domain: Domain, x: DomainScalar | ConstValue): Key | undefined {
  switch (domain) {
    case 'int':
      if (typeof x === 'bigint') {
        return x >= BigInt(Number.MIN_SAFE_INTEGER) && x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x;
      }
      return x as number;
    case 'double':
    case 'bool':
    case 'string':
      return x as Key;
    case 'bytes':
      return bytesKey(x as Uint8Array);
    case 'ipaddr':
      return ipKey(x as Uint8Array);
    default:
      return undefined;
  }
}

function hashable(domain: Domain): boolean {
  return domain !== 'ipnet' && domain !== 'dynamic';
}

/** Membership in a set of operands (`in`, `intersects`, `= anyof`). */
export function membershipTest(domain: Domain, values: readonly ConstValue[]): ScalarTest {
  if (hashable(domain)) {
    const set = new Set<Key>();
    for (const v of values) set.add(keyOf(domain, v)!);
    if (domain === 'string') return (x) => set.has(x as string);
    return (x) => set.has(keyOf(domain, x)!);
  }
  if (domain === 'ipnet') {
    const nets = values as readonly IpNetwork[];
    return (x) => {
      for (const n of nets) if (networkContains(n, x as Uint8Array)) return true;
      return false;
    };
  }
  return (x) => {
    for (const v of values) if (compareScalar(domain, '=', x, v)) return true;
    return false;
  };
}

/** The test for one operand, with its pattern compiled when the operator has one. */
function singleTest(domain: Domain, op: CompareOp, value: ConstValue): ScalarTest {
  if (domain === 'string') {
    const y = value as string;
    switch (op) {
      case 'glob': {
        const m = compileGlob(y, false);
        return (x) => m(x as string);
      }
      case 'iglob': {
        const m = compileGlob(y, true);
        return (x) => m(x as string);
      }
      case 'regex': {
        const r = compileRegex(y);
        if (!r.ok) return () => false;
        const re = r.regex;
        return (x) => re.test(x as string);
      }
      case 'icontains': {
        const m = icontainsMatcher(y);
        return (x) => m(x as string);
      }
      case 'pmatch': {
        const set = new PathPrefixSet([y]);
        return (x) => set.match(x as string);
      }
      default:
        break;
    }
  }
  return (x) => compareScalar(domain, op, x, value);
}

/** The whole right-hand side as one test of a value already in the domain's form. */
export function operandsTest(domain: Domain, op: CompareOp, modifier: Modifier | undefined, values: readonly ConstValue[]): ScalarTest {
  if (values.length === 0) return () => false;
  if (modifier === 'anyof' && op === '=' && hashable(domain)) return membershipTest(domain, values);
  if (modifier === 'allof' && op === '!=' && hashable(domain)) {
    const member = membershipTest(domain, values);
    return (x) => !member(x);
  }
  if (modifier !== undefined) {
    const tests = values.map((v) => singleTest(domain, op, v));
    switch (modifier) {
      case 'anyof':
        return (x) => tests.some((t) => t(x));
      case 'allof':
        return (x) => tests.every((t) => t(x));
      case 'oneof':
        return (x) => {
          let n = 0;
          for (const t of tests) if (t(x) && ++n > 1) return false;
          return n === 1;
        };
    }
  }
  if (op === 'in' || op === 'intersects') return membershipTest(domain, values);
  if (op === 'pmatch' && domain === 'string') {
    const set = new PathPrefixSet(values as readonly string[]);
    return (x) => set.match(x as string);
  }
  return singleTest(domain, op, values[0]!);
}

/** Wraps a scalar test with the value rules of a non-list left-hand side. */
export function scalarValueTest(domain: Domain, quantifier: 'some' | 'every', test: ScalarTest): ValueTest {
  const one = (s: FieldScalar): boolean => {
    const x = toDomainValue(domain, s);
    return x !== undefined && test(x);
  };
  if (quantifier === 'every') {
    return (v) => {
      if (v === undefined) return false;
      if (!Array.isArray(v)) return one(v);
      return v.length > 0 && v.every(one);
    };
  }
  return (v) => {
    if (v === undefined) return false;
    if (!Array.isArray(v)) return one(v);
    for (let i = 0; i < v.length; i++) if (one(v[i]!)) return true;
    return false;
  };
}

/** `in` (every item is an operand) or `intersects` (some item is) for a list left-hand side. */
export function listValueTest(domain: Domain, op: CompareOp, member: ScalarTest): ValueTest {
  const one = (s: FieldScalar): boolean => {
    const x = toDomainValue(domain, s);
    return x !== undefined && member(x);
  };
  if (op === 'in') {
    return (v) => {
      if (v === undefined) return false;
      if (!Array.isArray(v)) return one(v);
      for (let i = 0; i < v.length; i++) if (!one(v[i]!)) return false;
      return true;
    };
  }
  return (v) => {
    if (v === undefined) return false;
    if (!Array.isArray(v)) return one(v);
    for (let i = 0; i < v.length; i++) if (one(v[i]!)) return true;
    return false;
  };
}

/** The complete test of a comparison with literal operands. */
export function compareValueTest(c: CheckedCompare, values: readonly ConstValue[]): ValueTest {
  if (c.left.isList) return listValueTest(c.domain, c.op, membershipTest(c.domain, values));
  return scalarValueTest(c.domain, c.quantifier, operandsTest(c.domain, c.op, c.modifier, values));
}

/** A comparison whose operands come from another field, evaluated per event. */
export function fieldComparison(c: CheckedCompare): (left: FieldValue, right: FieldValue) => boolean {
  const { domain, op } = c;
  // one value against one value needs no prepared test
  const single = !c.left.isList && op !== 'in' && op !== 'intersects' && op !== 'pmatch';
  return (left, right) => {
    if (left === undefined || right === undefined) return false;
    if (single && !Array.isArray(left) && !Array.isArray(right)) {
      const x = toDomainValue(domain, left);
      const y = toDomainValue(domain, right);
      return x !== undefined && y !== undefined && compareScalar(domain, op, x, y);
    }
    const operands: DomainScalar[] = [];
    for (const r of Array.isArray(right) ? right : [right]) {
      const x = toDomainValue(c.domain, r);
      if (x !== undefined) operands.push(x);
    }
    return compareValueTest(c, operands)(left);
  };
}
