/**
 * Acceptance: Falco 0.44.1's own alerts for single_rule.yaml on
 * cat_write.scap (text) and single_rule_with_tags.yaml (JSON), reproduced
 * byte for byte by the real executable; the legacy `-e FILE` gives the same.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXPECTED, EXPECTED_0441, TRACES, falconet, replayOf } from './run-falconet.js';

const CAPTURE = join(TRACES, 'cat_write.scap');

describe('cat_write.scap replayed with single_rule.yaml', () => {
  it('prints exactly the text alerts and summary Falco 0.44.1 printed', () => {
    const r = falconet(['-r', join(EXPECTED, 'single_rule.yaml'), ...replayOf(CAPTURE), '-o', 'time_format_iso_8601=true']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(join(EXPECTED_0441, 'single_rule_with_cat_write.txt'), 'utf8'));
  });

  it('prints exactly the JSON alerts Falco 0.44.1 printed (tags, output, hostname)', () => {
    const r = falconet(
      [
        '-r', join(EXPECTED, 'single_rule_with_tags.yaml'), ...replayOf(CAPTURE),
        '-o', 'time_format_iso_8601=true', '-o', 'json_output=true',
        '-o', 'json_include_output_property=true', '-o', 'json_include_tags_property=true',
      ],
      { FALCO_HOSTNAME: 'test-falco-hostname' },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(join(EXPECTED_0441, 'single_rule_with_cat_write.json'), 'utf8'));
  });

  it('the legacy -e FILE replays the same capture, with its deprecation warning', () => {
    const r = falconet(['-r', join(EXPECTED, 'single_rule.yaml'), '-e', CAPTURE, '-o', 'time_format_iso_8601=true']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(join(EXPECTED_0441, 'single_rule_with_cat_write.txt'), 'utf8'));
    assert.match(r.stderr, /The -e option is deprecated/);
    assert.match(r.stderr, new RegExp(`Replaying events from the capture file: ${CAPTURE}\\n`));
  });
});
