/**
 * Warnings Falco derives from a rule's expanded condition before compiling
 * it: comparing a k8s audit field (`ka.*`, `jevt.*`) for equality with the
 * text "<NA>" (LOAD_UNSAFE_NA_CHECK), and fields that stopped carrying
 * information when enter events were dropped (LOAD_DEPRECATED_ITEM).
 * Right-hand operands are only looked at after an equality on an unsafe
 * field, as in Falco.
 */
import type { Expr, Operand } from '../condition/ast.js';
import { forEachLeaf, forEachTest } from '../condition/walk.js';
import { asDeprecatedField, DEPRECATED_FIELDS } from './codes.js';
import type { DeprecatedField } from './codes.js';

export interface ConditionWarnings {
  unsafeNaCheck: boolean;
  /** In Falco's order of the deprecated-field table. */
  deprecatedFields: DeprecatedField[];
}

const EQUALITY = new Set(['==', '=', '!=', 'in', 'intersects', 'pmatch']);
const NO_VALUE = '<NA>';

export function conditionWarnings(expr: Expr): ConditionWarnings {
  const state = { lastUnsafe: false, equality: false, unsafeNaCheck: false, deprecated: new Set<DeprecatedField>() };

  const field = (name: string): void => {
    state.lastUnsafe = name.startsWith('ka.') || name.startsWith('jevt.');
    const df = asDeprecatedField(name);
    if (df) state.deprecated.add(df);
  };

  const operand = (o: Operand): void =>
    forEachLeaf(o, (l) => {
      switch (l.kind) {
        case 'field':
          field(l.name);
          return;
        case 'value':
          if (state.equality && l.value === NO_VALUE) state.unsafeNaCheck = true;
          return;
        case 'list':
          if (state.equality && l.values.some((v) => v.value === NO_VALUE)) state.unsafeNaCheck = true;
          return;
        case 'listref':
          if (state.equality && l.name === NO_VALUE) state.unsafeNaCheck = true;
          return;
      }
    });

  forEachTest(expr, {
    unary: (e) => operand(e.left),
    binary: (e) => {
      state.lastUnsafe = false;
      operand(e.left);
      if (state.lastUnsafe && e.modifier === undefined && EQUALITY.has(e.op)) {
        state.equality = true;
        operand(e.right);
        state.equality = false;
      }
    },
  });
  return {
    unsafeNaCheck: state.unsafeNaCheck,
    deprecatedFields: DEPRECATED_FIELDS.filter((f) => state.deprecated.has(f)),
  };
}
