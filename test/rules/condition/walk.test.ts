/** The condition walker visits tests and operand leaves in source order. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCondition } from '../../../src/rules/condition/parser.js';
import { forEachLeaf, forEachTest } from '../../../src/rules/condition/walk.js';

function parsed(text: string) {
  const r = parseCondition(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.expr;
}

test('forEachTest: macros, unary and binary tests left to right through and/or/not', () => {
  const seen: string[] = [];
  forEachTest(parsed('spawned_process and not (fd.name exists or proc.name in (a, b)) and my_macro'), {
    identifier: (e) => seen.push(`macro ${e.name}`),
    unary: (e) => seen.push(`unary ${e.op}`),
    binary: (e) => seen.push(`binary ${e.op}`),
  });
  assert.deepEqual(seen, ['macro spawned_process', 'unary exists', 'binary in', 'macro my_macro']);
});

test('forEachLeaf: fields inside transformers, values, lists and list references', () => {
  const leaves: string[] = [];
  forEachTest(parsed('tolower(basename(fd.name)) = val(proc.name) and proc.name in (a, b) and fd.name in shell_binaries'), {
    binary: (e) => {
      for (const side of [e.left, e.right]) forEachLeaf(side, (l) => leaves.push(l.kind === 'field' ? `field ${l.name}` : l.kind));
    },
  });
  assert.deepEqual(leaves, ['field fd.name', 'field proc.name', 'field proc.name', 'list', 'field fd.name', 'listref']);
});
