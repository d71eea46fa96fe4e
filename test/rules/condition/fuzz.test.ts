/**
 * The official Falco rulesets' conditions all parse, and random strings and
 * mutations of those conditions never make the parser throw: each gives
 * either a tree that prints and reads back identically, or an error with a
 * consistent position.
 */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

import { exprEquals } from '../../../src/rules/condition/equality.js';
import { parseCondition, type ParseResult } from '../../../src/rules/condition/parser.js';
import { printExpr } from '../../../src/rules/condition/printer.js';
import { Prng } from '../../seeded-random.js';
import { REFERENCE } from '../../reference.js';

const RULES_DIR = `${REFERENCE}/rules`;
const RULE_FILES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml', 'k8s_audit_rules.yaml'];

interface RealCondition {
  file: string;
  item: string;
  text: string;
}

function loadConditions(): RealCondition[] {
  const out: RealCondition[] = [];
  for (const file of RULE_FILES) {
    const doc: unknown = parseYaml(readFileSync(join(RULES_DIR, file), 'utf8'));
    assert.ok(Array.isArray(doc), `${file} is a list`);
    for (const entry of doc as unknown[]) {
      if (typeof entry !== 'object' || entry === null) continue;
      const { condition, macro, rule } = entry as Record<string, unknown>;
      if (typeof condition !== 'string') continue;
      out.push({ file, item: String(macro ?? rule), text: condition });
    }
  }
  return out;
}

const conditions = loadConditions();

/** Checks what a parse result promises, whatever the input was. */
function checkResult(text: string, r: ParseResult): void {
  if (r.ok) {
    const printed = printExpr(r.expr);
    const again = parseCondition(printed);
    assert.ok(again.ok, `reprint of ${JSON.stringify(text)} failed: ${JSON.stringify(printed)}`);
    assert.ok(exprEquals(again.expr, r.expr), `reprint of ${JSON.stringify(text)} changed the tree`);
    assert.equal(printExpr(again.expr), printed);
    return;
  }
  const { message, pos } = r.error;
  assert.ok(message.length > 0);
  const bytes = Buffer.from(text, 'utf8');
  assert.ok(pos.offset >= 0 && pos.offset <= bytes.length, `offset ${pos.offset} within ${JSON.stringify(text)}`);
  // Line and column must agree with the offset: \r and \n each start a line, columns count bytes.
  let line = 1;
  let col = 1;
  for (let i = 0; i < pos.offset; i++) {
    col++;
    if (bytes[i] === 0x0a || bytes[i] === 0x0d) {
      line++;
      col = 1;
    }
  }
  assert.deepEqual([pos.line, pos.col], [line, col], `line/col of ${JSON.stringify(text)}`);
}

describe('official rulesets', () => {
  it('loads conditions from all four rules files', () => {
    const perFile = RULE_FILES.map((f) => conditions.filter((c) => c.file === f).length);
    assert.deepEqual(perFile, [112, 113, 220, 93]);
    assert.ok(readdirSync(RULES_DIR).length >= 4);
  });

  it('parses every macro and rule condition', () => {
    const failures: string[] = [];
    for (const c of conditions) {
      const r = parseCondition(c.text);
      if (!r.ok) failures.push(`${c.file} ${c.item}: ${r.error.message} at ${r.error.pos.offset}`);
      else checkResult(c.text, r);
    }
    assert.deepEqual(failures, []);
  });
});

describe('fuzzing', () => {
  const pieces = [
    '(', ')', ' ', '\n', '\t', ',', '=', '==', '!=', '<', '>=', '"', "'", '\\', '[', ']', 'and ', ' or ', 'not ', 'not(',
    'and', 'or', 'not', 'oneof ', 'anyof ', 'allof ', 'val(', 'tolower(', 'join(', 'getopt(', 'exists', ' in ', 'contains ',
    'pmatch', 'proc.name', 'evt.arg[', 'a', '1', '0x1f', '-2.5e+3', 'é', '😀', '\0', '\b', '\v', '#', '%',
  ];

  function mutate(rng: Prng, text: string): string {
    let s = text;
    const rounds = rng.int(1, 3);
    for (let k = 0; k < rounds; k++) {
      const at = rng.int(0, s.length);
      switch (rng.int(0, 5)) {
        case 0:
          s = s.slice(0, at) + s.slice(at + rng.int(1, 10));
          break;
        case 1:
          s = s.slice(0, at) + rng.pick(pieces) + s.slice(at);
          break;
        case 2:
          s = s.slice(0, at) + rng.pick(pieces) + s.slice(at + 1);
          break;
        case 3: {
          const span = s.slice(at, at + rng.int(1, 20));
          s = s.slice(0, at) + span + span + s.slice(at + span.length);
          break;
        }
        case 4:
          s = s.slice(0, at);
          break;
        default:
          if (at + 1 < s.length) s = s.slice(0, at) + s[at + 1] + s[at] + s.slice(at + 2);
      }
    }
    return s;
  }

  function randomText(rng: Prng): string {
    let s = '';
    const n = rng.int(0, 25);
    for (let i = 0; i < n; i++) {
      s += rng.chance(0.7) ? rng.pick(pieces) : String.fromCharCode(rng.int(0, 127));
    }
    return s;
  }

  it('never throws on 5000 random strings and mutated real conditions', () => {
    const rng = new Prng(0xfa1c0);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 5000; i++) {
      const text = rng.chance(0.2) ? randomText(rng) : mutate(rng, rng.pick(conditions).text);
      let r: ParseResult | undefined;
      assert.doesNotThrow(() => {
        r = parseCondition(text);
      }, `input ${JSON.stringify(text)}`);
      checkResult(text, r!);
      if (r!.ok) accepted++;
      else rejected++;
    }
    // Both outcomes are well represented, so both branches of checkResult ran.
    assert.ok(accepted > 500, `accepted ${accepted}`);
    assert.ok(rejected > 500, `rejected ${rejected}`);
  });
});
