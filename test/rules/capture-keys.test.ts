/**
 * The rule keys `capture` and `capture_duration` as a run uses them: carried
 * on each loaded rule (defaults false / 0), replaced by an `override` in a
 * later file, refused as an append, and turned into the per-rule settings
 * the capture on alert looks up by rule name.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleCaptureSettings } from '../../src/capture/capturing-printer.js';
import { RuleEngine } from '../../src/rules/engine.js';

const rule = (name: string, extra = ''): string =>
  `- rule: ${name}\n  desc: d\n  condition: evt.type = open and proc.name = cat\n  output: o %proc.name\n  priority: WARNING\n${extra}`;

function load(...contents: string[]): { engine: RuleEngine<unknown>; errors: string[] } {
  const engine = new RuleEngine<unknown>();
  const result = engine.load(contents.map((content, i) => ({ name: `rules${i}.yaml`, content })));
  return { engine, errors: result.files.flatMap((f) => f.errors.map((e) => e.message)) };
}

test('loaded rules carry capture and capture_duration (defaults false and 0)', () => {
  const { engine, errors } = load(
    rule('plain') + rule('captured', '  capture: true\n') + rule('timed', '  capture: true\n  capture_duration: 10000\n') + rule('duration only', '  capture_duration: 250\n'),
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(
    engine.rules().map((r) => [r.name, r.capture, r.captureDuration]),
    [['plain', false, 0], ['captured', true, 0], ['timed', true, 10000], ['duration only', false, 250]],
  );
});

test('a disabled rule keeps its capture settings (enabling it later must capture)', () => {
  const { engine } = load(rule('off', '  enabled: false\n  capture: true\n  capture_duration: 42\n'));
  const r = engine.rules().find((x) => x.name === 'off')!;
  assert.equal(r.enabled, false);
  assert.equal(r.capture, true);
  assert.equal(r.captureDuration, 42);
});

test('a later file replaces capture and capture_duration with override: replace', () => {
  const { engine, errors } = load(
    rule('r', '  capture: true\n  capture_duration: 1000\n'),
    '- rule: r\n  capture: false\n  capture_duration: 3000\n  override:\n    capture: replace\n    capture_duration: replace\n',
  );
  assert.deepEqual(errors, []);
  const r = engine.rules()[0]!;
  assert.equal(r.capture, false);
  assert.equal(r.captureDuration, 3000);
});

test("capture cannot be appended to (Falco's message) and capture_duration must be an unsigned integer", () => {
  assert.deepEqual(load(rule('r'), '- rule: r\n  capture: true\n  override:\n    capture: append\n').errors, [
    "Key 'capture' cannot be appended to, use 'replace' instead",
  ]);
  assert.deepEqual(load(rule('r', '  capture_duration: -1\n')).errors, ["Can't decode YAML scalar value"]);
});

test('the capture settings by rule name, as the capture on alert reads them', () => {
  const { engine } = load(rule('a', '  capture: true\n  capture_duration: 7\n') + rule('b'));
  const settings = ruleCaptureSettings(engine.rules());
  assert.deepEqual(settings.get('a'), { capture: true, captureDurationMs: 7 });
  assert.deepEqual(settings.get('b'), { capture: false, captureDurationMs: 0 });
  assert.equal(settings.get('missing'), undefined);
});
