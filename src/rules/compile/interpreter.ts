/**
 * The reference evaluator: walks the checked condition for every event,
 * applying operators.ts one value and one operand at a time. Slow and plain
 * on purpose — the generated code is tested against it.
 */
import type { ExtractorFactory, Extractor, FieldScalar, FieldValue } from '../../fields/value.js';
import type { CheckedCompare, CheckedExpr, CheckedOperand, ConstValue } from './checked.js';
import { compareWithOperands, toDomainValue } from './operators.js';
import { applyTransformer, concat, getopt, join, valuesAsTexts } from './transformers.js';
import type { CompiledCondition } from './emitter.js';

class Evaluation<E> {
  private readonly cache = new Map<number, FieldValue>();

  constructor(private readonly extractors: ReadonlyMap<number, Extractor<E>>, private readonly event: E) {}

  operand(o: CheckedOperand): FieldValue {
    switch (o.kind) {
      case 'field': {
        if (!this.cache.has(o.ref)) this.cache.set(o.ref, this.extractors.get(o.ref)!(this.event));
        return this.cache.get(o.ref);
      }
      case 'transform':
        return applyTransformer(o.name, o.inputType, o.inputIsList, this.operand(o.input));
      case 'join':
        return join(this.operand(o.separator), this.operand(o.list));
      case 'concat':
        return concat(o.parts.map((p) => this.operand(p)));
      case 'getopt':
        return getopt(this.operand(o.args), this.operand(o.optstring), o.option);
      case 'text':
        return o.value;
      case 'textlist': {
        const out: string[] = [];
        for (const item of o.items) {
          const v = this.operand(item);
          if (v === undefined) return undefined;
          out.push(...valuesAsTexts(v));
        }
        return out;
      }
    }
  }

  expr(e: CheckedExpr): boolean {
    switch (e.kind) {
      case 'and':
        for (const c of e.children) if (!this.expr(c)) return false;
        return true;
      case 'or':
        for (const c of e.children) if (this.expr(c)) return true;
        return false;
      case 'not':
        return !this.expr(e.child);
      case 'exists': {
        const v = this.operand(e.left);
        if (v === undefined) return false;
        if (e.left.isList || !Array.isArray(v)) return true;
        return v.length > 0;
      }
      case 'compare':
        return this.compare(e);
    }
  }

  private compare(c: CheckedCompare): boolean {
    const left = this.operand(c.left);
    if (left === undefined) return false;
    let operands: readonly ConstValue[];
    if (c.right.kind === 'values') {
      operands = c.right.values;
    } else {
      const right = this.operand(c.right.operand);
      if (right === undefined) return false;
      const list: ConstValue[] = [];
      for (const r of Array.isArray(right) ? right : [right]) {
        const x = toDomainValue(c.domain, r);
        if (x !== undefined) list.push(x);
      }
      operands = list;
    }
    const test = (s: FieldScalar, op = c.op): boolean => {
      const x = toDomainValue(c.domain, s);
      return x !== undefined && compareWithOperands(c.domain, op, c.modifier, x, operands);
    };
    const items = Array.isArray(left) ? left : [left];
    if (c.left.isList) {
      // `in`: every item is one of the operands; `intersects`: some item is
      return c.op === 'in' ? items.every((s) => test(s)) : items.some((s) => test(s));
    }
    if (items.length === 0) return false;
    return c.quantifier === 'every' ? items.every((s) => test(s)) : items.some((s) => test(s));
  }
}

function fieldsOf(e: CheckedExpr, out: Map<number, CheckedOperand & { kind: 'field' }>): void {
  const operand = (o: CheckedOperand): void => {
    switch (o.kind) {
      case 'field': out.set(o.ref, o); break;
      case 'transform': operand(o.input); break;
      case 'join': operand(o.separator); operand(o.list); break;
      case 'concat': o.parts.forEach(operand); break;
      case 'getopt': operand(o.args); operand(o.optstring); break;
      case 'textlist': o.items.forEach(operand); break;
      case 'text': break;
    }
  };
  switch (e.kind) {
    case 'and': case 'or': e.children.forEach((c) => fieldsOf(c, out)); break;
    case 'not': fieldsOf(e.child, out); break;
    case 'exists': operand(e.left); break;
    case 'compare':
      operand(e.left);
      if (e.right.kind === 'field') operand(e.right.operand);
      break;
  }
}

/** Evaluates a checked condition by walking it for each event. */
export function interpretCondition<E>(checked: CheckedExpr, factory: ExtractorFactory<E>): CompiledCondition<E> {
  const fields = new Map<number, CheckedOperand & { kind: 'field' }>();
  fieldsOf(checked, fields);
  const extractors = new Map<number, Extractor<E>>();
  for (const [ref, f] of fields) extractors.set(ref, factory.conditionExtractor?.(f.field) ?? factory.extractor(f.field));
  return (event) => new Evaluation(extractors, event).expr(checked);
}
