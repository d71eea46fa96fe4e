import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonDouble, doubleText, quoteJson, writeJson } from '../../src/outputs/json-writer.js';

test('objects are written compact with keys in byte order', () => {
  assert.equal(writeJson({ time: 't', rule: 'r', priority: 'p', output_fields: {}, hostname: 'h' }), '{"hostname":"h","output_fields":{},"priority":"p","rule":"r","time":"t"}');
  assert.equal(writeJson({ b: 1, B: 2, a: [1, 'x', null, true] }), '{"B":2,"a":[1,"x",null,true],"b":1}');
});

test('integers of any size are exact', () => {
  assert.equal(writeJson(1470327477881785348n), '1470327477881785348');
  assert.equal(writeJson(18446744073709551615n), '18446744073709551615');
  assert.equal(writeJson(-1), '-1');
});

test('doubles follow nlohmann: shortest digits, always a fraction or exponent', () => {
  assert.equal(doubleText(0), '0.0');
  assert.equal(doubleText(-0), '-0.0');
  assert.equal(doubleText(1), '1.0');
  assert.equal(doubleText(0.1), '0.1');
  assert.equal(doubleText(0.054931640625), '0.054931640625');
  assert.equal(doubleText(123456789012345), '123456789012345.0');
  assert.equal(doubleText(1e15), '1e+15');
  assert.equal(doubleText(1.5e20), '1.5e+20');
  assert.equal(doubleText(0.0001), '0.0001');
  assert.equal(doubleText(0.00001), '1e-05');
  assert.equal(doubleText(-2.5e-7), '-2.5e-07');
  assert.equal(doubleText(1e100), '1e+100');
  assert.equal(doubleText(Number.NaN), 'null');
  assert.equal(writeJson(new JsonDouble(3)), '3.0');
});

test('strings: quote, backslash and control characters escaped, the rest as is', () => {
  assert.equal(quoteJson('a"b\\c/d'), '"a\\"b\\\\c/d"');
  assert.equal(quoteJson('\n\t\r\b\f\u0001\u001f\u007f'), '"\\n\\t\\r\\b\\f\\u0001\\u001f\u007f"');
  assert.equal(quoteJson('caf\u00e9 \u{1f600}'), '"caf\u00e9 \u{1f600}"');
});

test('broken UTF-16 becomes U+FFFD (nlohmann replaces invalid text)', () => {
  assert.equal(quoteJson('a\ud800b'), '"a\ufffdb"');
  assert.equal(quoteJson('\udc00'), '"\ufffd"');
});
