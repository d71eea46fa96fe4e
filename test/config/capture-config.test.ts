/**
 * The `capture:` block: Falco's defaults and the reference falco.yaml's
 * values, `-o` overrides, Falco's error for an unknown mode, and falconet's
 * errors (naming the key and where it was written) for values that do not
 * read once captures are enabled; a disabled block keeps Falco's fallbacks.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CAPTURE_DEFAULTS, MAX_CAPTURE_FILE_SIZE_MB } from '../../src/config/capture-config.js';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { REFERENCE } from '../reference.js';

const dir = mkdtempSync(join(tmpdir(), 'falconet-capture-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

function capture(overrides: string[], configFile?: string) {
  return loadConfig(configFile === undefined ? { overrides } : { file: configFile, overrides }).config.capture;
}

function loadError(overrides: string[], configFile?: string): ConfigError {
  try {
    loadConfig(configFile === undefined ? { overrides } : { file: configFile, overrides });
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err;
  }
  assert.fail('expected loadConfig to fail');
}

describe('capture block: values', () => {
  it("has Falco's defaults without a file", () => {
    assert.deepEqual(capture([]), { enabled: false, pathPrefix: '/tmp/falco', mode: 'rules', defaultDurationMs: 5000, maxFileSizeMb: 0 });
    assert.deepEqual(capture([]), CAPTURE_DEFAULTS);
  });

  it('reads the reference falco.yaml (capture disabled, its documented values)', () => {
    assert.deepEqual(capture([], `${REFERENCE}/falco.yaml`), CAPTURE_DEFAULTS);
  });

  it('takes every key from a file', () => {
    const f = file('all.yaml', 'capture:\n  enabled: true\n  path_prefix: /var/tmp/cap\n  mode: all_rules\n  default_duration: 250\n  max_file_size_mb: 16\n');
    assert.deepEqual(capture([], f), { enabled: true, pathPrefix: '/var/tmp/cap', mode: 'all_rules', defaultDurationMs: 250, maxFileSizeMb: 16 });
  });

  it('takes -o overrides, with yaml-cpp spellings of booleans and integers', () => {
    const c = capture(['capture.enabled=yes', 'capture.default_duration=0x10', 'capture.max_file_size_mb=0', 'capture.path_prefix=/x/y']);
    assert.deepEqual(c, { enabled: true, pathPrefix: '/x/y', mode: 'rules', defaultDurationMs: 16, maxFileSizeMb: 0 });
    assert.equal(capture(['capture.enabled=true', `capture.max_file_size_mb=${MAX_CAPTURE_FILE_SIZE_MB}`]).maxFileSizeMb, 1048576);
    assert.equal(capture(['capture.enabled=true', 'capture.default_duration=4294967295']).defaultDurationMs, 4294967295);
  });

  it('an empty value (`key:`) is the default, also when enabled', () => {
    const f = file('empty.yaml', 'capture:\n  enabled: true\n  default_duration:\n  max_file_size_mb:\n');
    const c = capture([], f);
    assert.equal(c.defaultDurationMs, 5000);
    assert.equal(c.maxFileSizeMb, 0);
  });

  it("a disabled block keeps Falco's silent fallbacks for values that do not read", () => {
    const c = capture(['capture.default_duration=abc', 'capture.max_file_size_mb=-3']);
    assert.equal(c.enabled, false);
    assert.equal(c.defaultDurationMs, 5000);
    assert.equal(c.maxFileSizeMb, 0);
  });
});

describe('capture block: errors', () => {
  it("an unknown mode is Falco's error, enabled or not", () => {
    assert.equal(loadError(['capture.mode=some']).message, "Error reading config file (default): capture.mode 'some' is not a valid mode.");
    const e = loadError(['capture.enabled=true', 'capture.mode=all']);
    assert.equal(e.message, "Error reading config file (default): capture.mode 'all' is not a valid mode.");
    assert.equal(e.key, 'capture.mode');
  });

  it('enabled must be a boolean', () => {
    const e = loadError(['capture.enabled=1']);
    assert.equal(e.message, "Error reading config file (default): capture.enabled '1' is not a boolean (true or false).");
    assert.equal(e.key, 'capture.enabled');
  });

  it('default_duration must be milliseconds as an unsigned 32-bit integer', () => {
    for (const bad of ['abc', '-5', '1.5', '4294967296']) {
      const e = loadError(['capture.enabled=true', `capture.default_duration=${bad}`]);
      assert.equal(e.key, 'capture.default_duration', bad);
      assert.equal(
        e.message,
        `Error reading config file (default): capture.default_duration '${bad}' is not a valid duration (an integer number of milliseconds from 0 to 4294967295).`,
      );
    }
  });

  it("max_file_size_mb must be an integer from 0 to Falco's schema maximum", () => {
    for (const bad of ['lots', '-1', String(MAX_CAPTURE_FILE_SIZE_MB + 1)]) {
      const e = loadError(['capture.enabled=true', `capture.max_file_size_mb=${bad}`]);
      assert.equal(e.key, 'capture.max_file_size_mb', bad);
      assert.equal(
        e.message,
        `Error reading config file (default): capture.max_file_size_mb '${bad}' is not a valid size (an integer number of MB from 0 to 1048576, 0 for no limit).`,
      );
    }
  });

  it('path_prefix must be text', () => {
    const f = file('prefix.yaml', 'capture:\n  enabled: true\n  path_prefix:\n    dir: /tmp\n');
    const e = loadError([], f);
    assert.equal(e.key, 'capture.path_prefix');
    assert.equal(e.message, `Error reading config file (${f}): capture.path_prefix <map> is not a path prefix (text expected).`);
  });

  it('an error from a file names the file, line and column of the value', () => {
    const f = file('where.yaml', 'capture:\n  enabled: true\n  default_duration: soon\n');
    const e = loadError([], f);
    assert.equal(e.key, 'capture.default_duration');
    assert.equal(e.file, f);
    assert.equal(e.line, 3);
    assert.equal(e.column, 21);
  });
});
