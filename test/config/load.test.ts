import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { CONFIG_SCHEMA } from '../../src/config/schema.js';
import { validateConfig } from '../../src/config/validate.js';
import { parseYaml } from '../../src/config/yaml-parse.js';
import { REFERENCE } from '../reference.js';

const REFERENCE_CONFIG = `${REFERENCE}/falco.yaml`;
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const dir = mkdtempSync(join(tmpdir(), 'falconet-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

function loadError(options: Parameters<typeof loadConfig>[0]): ConfigError {
  try {
    loadConfig(options);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err;
  }
  assert.fail('expected loadConfig to fail');
}

describe('built-in defaults (no file)', () => {
  const { config, files, warnings } = loadConfig({ overrides: [] });

  it("uses Falco's defaults", () => {
    assert.equal(config.engine.kind, 'kmod');
    assert.equal(config.jsonOutput, false);
    assert.equal(config.jsonIncludeOutputProperty, true);
    assert.equal(config.jsonIncludeTagsProperty, true);
    assert.equal(config.jsonIncludeMessageProperty, false);
    assert.equal(config.priority, 7);
    assert.equal(config.ruleMatching, 'first');
    assert.equal(config.outputTimeout, 2000);
    assert.equal(config.stdoutOutput.enabled, false);
    assert.equal(config.logStderr, false);
    assert.equal(config.logSyslog, true);
    assert.equal(config.logLevel, 'info');
    assert.deepEqual(config.syscallEventDrops.actions, ['ignore']);
    assert.equal(config.syscallEventDrops.threshold, 0.1);
    assert.equal(config.falcoLibs.threadTableSize, 262144);
    assert.equal(config.metrics.interval, '5000');
    assert.equal(config.webserver.listenPort, 8765);
    assert.equal(config.capture.pathPrefix, '/tmp/falco');
    assert.equal(config.watchConfigFiles, true);
    assert.deepEqual(config.rulesFiles, []);
    assert.equal(config.loadPlugins, null);
  });

  it('reports the "default" configuration as loaded and valid', () => {
    assert.deepEqual(files, [{ path: 'default', validation: 'ok' }]);
    assert.deepEqual(warnings, []);
  });
});

describe("Falco's reference falco.yaml", () => {
  const { config, files, document } = loadConfig({ file: REFERENCE_CONFIG, overrides: [] });

  it('loads with schema validation ok', () => {
    assert.deepEqual(files, [{ path: REFERENCE_CONFIG, validation: 'ok' }]);
  });

  it('reads its values', () => {
    assert.equal(config.engine.kind, 'modern_ebpf');
    assert.equal(config.engine.modernEbpf.cpusForEachBuffer, 2);
    assert.equal(config.stdoutOutput.enabled, true);
    assert.equal(config.syslogOutput.enabled, true);
    assert.deepEqual(config.syscallEventDrops.actions, ['log', 'alert']);
    assert.equal(config.metrics.intervalMs, 3600000);
    assert.equal(config.falcoLibs.snaplen, 80);
    assert.deepEqual(config.loadPlugins, []);
    assert.deepEqual(config.plugins, []);
    assert.deepEqual(config.configFiles, [{ path: '/etc/falco/config.d', strategy: 'append' }]);
    assert.equal(config.appendOutput.length, 1);
    assert.equal(config.appendOutput[0]!.suggestedOutput, true);
  });

  it('keeps only rules files that exist', () => {
    assert.deepEqual(document.get('rules_files'), ['/etc/falco/falco_rules.yaml', '/etc/falco/falco_rules.local.yaml', '/etc/falco/rules.d']);
    assert.deepEqual(config.rulesFiles, []);
  });

  it('applies -o overrides after the file, with yaml-cpp conversions', () => {
    const r = loadConfig({ file: REFERENCE_CONFIG, overrides: ['json_output=yes', 'output_timeout=abc', 'priority=WARNING', 'engine.kind=replay', 'engine.replay.capture_file=/x.scap'] });
    assert.equal(r.config.jsonOutput, true);
    // Not a number: Falco silently keeps the default.
    assert.equal(r.config.outputTimeout, 2000);
    assert.equal(r.config.priority, 4);
    assert.deepEqual(r.config.engine.replay, { captureFile: '/x.scap' });
  });

  it('reads rules selection and append_output given with -o', () => {
    const r = loadConfig({
      file: REFERENCE_CONFIG,
      overrides: ['rules[].disable.rule=*', 'rules[].enable.tag=network', 'append_output[]={"match": {"rule": "R", "tags": ["b", "a"]}, "extra_fields": ["evt.cpu", {"home": "%user.homedir"}]}'],
    });
    assert.deepEqual(r.config.rules, [{ op: 'disable', rule: '*', tag: '' }, { op: 'enable', rule: '', tag: 'network' }]);
    const last = r.config.appendOutput[1]!;
    assert.deepEqual(last.match, { source: '', tags: ['a', 'b'], rule: 'R' });
    assert.deepEqual(last.rawFields, ['evt.cpu']);
    assert.deepEqual(last.formattedFields, { home: '%user.homedir' });
    assert.match(r.warnings[0]!, /^An append_ouptut entry specifies both a rule \(R\) and a list of tags \(a, b\)\./);
  });
});

describe('config_files includes', () => {
  const confd = join(dir, 'conf.d');
  mkdirSync(confd);
  file('conf.d/10-a.yaml', 'rules_files: [/from-a.yaml]\nlog_level: debug\n');
  file('conf.d/20-b.yaml', 'json_output: true\n');
  file('conf.d/notes.txt', 'priority: error\n');
  const main = file('main.yaml', `config_files:\n  - ${confd}\n  - /nonexistent/skipped.yaml\nrules_files: [/main.yaml]\nlog_level: info\n`);

  it('merges every file of a folder in name order (append strategy by default)', () => {
    const r = loadConfig({ file: main, overrides: [] });
    assert.deepEqual(r.files.map((f) => f.path), [main, `${confd}/10-a.yaml`, `${confd}/20-b.yaml`, `${confd}/notes.txt`]);
    assert.deepEqual(r.document.get('rules_files'), ['/main.yaml', '/from-a.yaml']);
    assert.equal(r.config.logLevel, 'debug');
    assert.equal(r.config.jsonOutput, true);
    assert.equal(r.config.priority, 3);
  });

  it('supports override and add-only strategies', () => {
    const inc = file('inc.yaml', 'rules_files: [/inc.yaml]\nlog_level: debug\nbuffered_outputs: true\n');
    const over = file('over.yaml', `config_files:\n  - path: ${inc}\n    strategy: override\nrules_files: [/main.yaml]\n`);
    assert.deepEqual(loadConfig({ file: over, overrides: [] }).document.get('rules_files'), ['/inc.yaml']);
    const add = file('add.yaml', `config_files:\n  - path: ${inc}\n    strategy: add-only\nrules_files: [/main.yaml]\nlog_level: warning\n`);
    const r = loadConfig({ file: add, overrides: [] });
    assert.deepEqual(r.document.get('rules_files'), ['/main.yaml']);
    assert.equal(r.config.logLevel, 'warning');
    assert.equal(r.config.bufferedOutputs, true);
  });

  it('takes -o config_files=... into account before merging', () => {
    const inc = file('inc2.yaml', 'json_output: true\n');
    const plain = file('plain.yaml', 'json_output: false\n');
    assert.equal(loadConfig({ file: plain, overrides: [`config_files=${inc}`] }).config.jsonOutput, true);
  });

  it('refuses to include the main file, and includes that include', () => {
    const self = join(dir, 'self.yaml');
    writeFileSync(self, `config_files: [${self}]\n`);
    assert.equal(loadError({ file: self, overrides: [] }).message,
      `Config error: 'config_files' directive tried to recursively include main config file: ${self}.`);
    const nested = file('nested.yaml', 'config_files: [/x]\n');
    const top = file('top.yaml', `config_files: [${nested}]\n`);
    assert.equal(loadError({ file: top, overrides: [] }).message, `Config error: 'config_files' directive in included config file ${nested}.`);
  });
});

describe("configuration errors (Falco's messages)", () => {
  it('missing file and YAML syntax errors', () => {
    assert.equal(loadError({ file: join(dir, 'nope.yaml'), overrides: [] }).message, `Could not find configuration file at ${join(dir, 'nope.yaml')}`);
    const bad = file('syntax.yaml', 'a: 1\n b: [\n');
    const err = loadError({ file: bad, overrides: [] });
    assert.match(err.message, new RegExp(`^Cannot read config file \\(${bad}\\): error at line \\d+, column \\d+: `));
    assert.equal(err.file, bad);
    assert.ok(err.line !== undefined && err.line >= 1);
  });

  it('invalid engine kind and replay without a capture file', () => {
    assert.equal(loadError({ overrides: ['engine.kind=kmodx'] }).message, "Error reading config file (default): engine.kind 'kmodx' is not a valid kind.");
    const f = file('replay.yaml', 'engine:\n  kind: replay\n');
    assert.equal(loadError({ file: f, overrides: [] }).message,
      `Error reading config file (${f}): engine.kind is 'replay' but no engine.replay.capture_file specified.`);
  });

  it('engine.kind=ebpf (older Falco) selects the modern probe with the engine.ebpf settings', () => {
    const f = file('ebpf.yaml', 'engine:\n  kind: ebpf\n  ebpf:\n    buf_size_preset: 6\n    cpus_for_each_buffer: 1\n');
    const { config } = loadConfig({ file: f, overrides: [] });
    assert.equal(config.engine.kind, 'modern_ebpf');
    assert.equal(config.engine.modernEbpf.bufSizePreset, 6);
    assert.equal(config.engine.modernEbpf.cpusForEachBuffer, 1);
  });

  it('errors about a key point at the line where its value is written', () => {
    const f = file('kind.yaml', 'log_stderr: false\nengine:\n  kind: bogus\n');
    const err = loadError({ file: f, overrides: [] });
    assert.deepEqual([err.file, err.line, err.column, err.key], [f, 3, 9, 'engine.kind']);
  });

  it('both rules_files and rules_file, and the deprecation warning', () => {
    assert.equal(loadError({ overrides: ['rules_files=/a.yaml', 'rules_file=/b.yaml'] }).message,
      "Error reading config file (default): both 'rules_files' and 'rules_file' keys set");
    const r = loadConfig({ overrides: [`rules_file=${REFERENCE_CONFIG}`] });
    assert.deepEqual(r.config.rulesFiles, [REFERENCE_CONFIG]);
    assert.equal(r.warnings[0], "Using deprecated config key 'rules_file' (singular form). Please use new 'rules_files' config key (plural form).");
  });

  it('outputs enabled without their target', () => {
    assert.equal(loadError({ overrides: ['file_output.enabled=true'] }).message,
      'Error reading config file (default): file output enabled but no filename in configuration block');
    assert.equal(loadError({ overrides: ['program_output.enabled=true'] }).message,
      'Error reading config file (default): program output enabled but no program in configuration block');
    assert.equal(loadError({ overrides: ['http_output.enabled=true'] }).message,
      'Error reading config file (default): http output enabled but no url in configuration block');
  });

  it('priority, rule matching, log level, listen address, drop actions, capture mode', () => {
    assert.equal(loadError({ overrides: ['priority=loud'] }).message,
      'Unknown priority "loud"--must be one of emergency, alert, critical, error, warning, notice, informational, debug');
    assert.equal(loadError({ overrides: ['rule_matching=some'] }).message, 'Unknown rule matching strategy "some"--must be one of first, all');
    assert.equal(loadError({ overrides: ['log_level=verbose'] }).message, 'Unknown log level verbose');
    assert.equal(loadError({ overrides: ['webserver.listen_address=localhost'] }).message,
      'Error reading config file (default): webserver listen address "localhost" is not a valid IP address');
    assert.equal(loadError({ overrides: ['syscall_event_drops.actions=bogus'] }).message,
      'Error reading config file (default): available actions for syscall event drops are "ignore", "log", "alert", and "exit"');
    assert.equal(loadError({ overrides: ['capture.mode=some'] }).message, "Error reading config file (default): capture.mode 'some' is not a valid mode.");
  });

  it('a rules selection entry that selects nothing is a bad conversion with its key', () => {
    const f = file('rules.yaml', 'rules:\n  - disable:\n      foo: x\n');
    const err = loadError({ file: f, overrides: [] });
    assert.equal(err.key, 'rules[0]');
    assert.equal(err.line, 2);
    assert.match(err.message, /bad conversion/);
  });

  it('load_plugins naming a plugin that is not configured', () => {
    assert.equal(loadError({ overrides: ['load_plugins[]=k8saudit'] }).message, "Cannot load plugin 'k8saudit': plugin config not found for given name");
  });
});

describe('schema validation', () => {
  it('reports unknown keys and wrong types as a failed status, not an error', () => {
    const f = file('typo.yaml', 'json_ouput: true\n');
    const r = loadConfig({ file: f, overrides: [] });
    assert.match(r.files[0]!.validation, /^failed for <root>: unknown key 'json_ouput'/);
    assert.equal(validateConfig(parseYaml('engine:\n  kind: x\n  kmod:\n    buf_size_preset: big\n', { file: 'x', expandEnv: false })),
      'failed for <root>[engine][kmod][buf_size_preset]: expected a value of type integer');
    assert.equal(CONFIG_SCHEMA.$ref, '#/definitions/FalcoConfig');
  });
});

describe("falconet's own falconet.yaml", () => {
  it('loads cleanly and points at the repository rules folder', () => {
    const r = loadConfig({ file: join(REPO, 'falconet.yaml'), overrides: [], env: { FALCONET_HOME: REPO } });
    assert.equal(r.files[0]!.validation, 'ok');
    assert.deepEqual(r.document.get('rules_files'), [join(REPO, 'rules')]);
    assert.equal(r.config.engine.kind, 'modern_ebpf');
    assert.equal(r.config.stdoutOutput.enabled, true);
    assert.equal(r.config.logStderr, true);
  });
});
