/**
 * The real `falconet` executable (built tree), run as a user runs it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { classesForListing, formatFieldList } from '../../src/fields/list-format.js';
import { sourceFieldClasses } from '../../src/fields/catalog.js';
import { REFERENCE } from '../reference.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const FALCONET = join(REPO, 'falconet');
const REF = `${REFERENCE}`;
const STABLE_RULES = join(REF, 'rules', 'falco_rules.yaml');
const SINGLE_RULE = join(REF, 'expected', 'single_rule.yaml');

const dir = mkdtempSync(join(tmpdir(), 'falconet-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

interface Run { status: number | null; stdout: string; stderr: string }

function falconet(...args: string[]): Run {
  const r = spawnSync(FALCONET, args, { encoding: 'utf8', cwd: dir, timeout: 20000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The last stderr line (log lines with timestamps come before it). */
function lastErrorLine(r: Run): string {
  const lines = r.stderr.trimEnd().split('\n');
  return lines[lines.length - 1]!;
}

const BROKEN_RULES = file('broken.yaml', '- rule: Broken\n  desc: no condition here\n  output: x\n  priority: WARNING\n');
const QUIET = file('quiet.yaml', 'log_stderr: false\nrules_files: []\nengine:\n  kind: modern_ebpf\n');

describe('falconet executable: information', () => {
  it('--help prints the option list and exits 0', () => {
    const r = falconet('--help');
    assert.equal(r.status, 0);
    assert.ok(r.stdout.startsWith('falconet - '));
    assert.match(r.stdout, /-V, --validate <rules_file>/);
    assert.equal(r.stderr, '');
  });

  it("--version prints falconet's version then Falco's block", () => {
    const r = falconet('--version', '-c', QUIET);
    assert.equal(r.status, 0);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `falconet version: ${pkg.version}`);
    assert.equal(lines[1], 'Falco version: 0.44.1');
    assert.equal(lines[4], 'Engine:        0.62.0');
    // Same labels, in the same order, as Falco 0.44.1's own output.
    const falco = readFileSync(join(REF, 'falco-0.44.1-version.txt'), 'utf8').trimEnd().split('\n');
    assert.deepEqual(lines.slice(1).map((l) => l.split(':')[0]), falco.map((l) => l.split(':')[0]));
  });

  it('--version with json_output prints one JSON object', () => {
    const r = falconet('--version', '-c', QUIET, '-o', 'json_output=true');
    assert.equal(r.status, 0);
    const v = JSON.parse(r.stdout) as Record<string, string>;
    assert.equal(v.falco_version, '0.44.1');
    assert.equal(v.engine_version, '62');
    assert.equal(v.engine_version_semver, '0.62.0');
    assert.equal(v.libs_version, '0.25.4');
  });

  it('--config-schema prints a JSON schema', () => {
    const r = falconet('--config-schema');
    assert.equal(r.status, 0);
    const schema = JSON.parse(r.stdout) as { definitions: Record<string, unknown> };
    assert.ok('FalcoConfig' in schema.definitions);
  });

  it('--list=syscall prints what the field catalog formats', () => {
    const r = falconet('--list=syscall', '-c', QUIET);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, formatFieldList(classesForListing(sourceFieldClasses(), 'syscall')));
    const names = falconet('--list', '-N', '-c', QUIET);
    assert.ok(names.stdout.split('\n').includes('evt.type'));
  });

  it('--list of an unknown source fails', () => {
    const r = falconet('--list=nosuch', '-c', QUIET);
    assert.equal(r.status, 1);
    assert.equal(lastErrorLine(r), 'Error: Value for --list must be a valid source type');
  });

  it('--page-size reports through the log', () => {
    const r = falconet('--page-size');
    assert.equal(r.status, 0);
    assert.match(r.stderr, /: Your system page size is: \d+ bytes\n/);
  });
});

describe('falconet executable: errors', () => {
  it("unknown flags are refused with Falco's message and status 1", () => {
    const r = falconet('--nodriver');
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'Error: Option ‘nodriver’ does not exist\n');
  });

  it('a bad -M value', () => {
    const r = falconet('-M', 'abc');
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'Error: Argument ‘abc’ failed to parse\n');
  });

  it('a missing configuration file', () => {
    const r = falconet('-c', '/nonexistent/falco.yaml', '--help');
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'Error: Could not find configuration file at /nonexistent/falco.yaml\n');
  });

  it('a configuration error names the file and the key', () => {
    const r = falconet('-c', QUIET, '-o', 'engine.kind=bogus', '--version');
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `Error: Error reading config file (${QUIET}): engine.kind 'bogus' is not a valid kind.\n`);
  });

  it('a malformed -o', () => {
    const r = falconet('-c', QUIET, '-o', 'rules[x].disable.rule=y', '--version');
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `Error: Config error at key "rules[x].disable.rule": Parsing error: expected a numeric index, found 'x'\n`);
  });

  it('no rules file at all', () => {
    const r = falconet('-c', QUIET);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'Error: You must specify at least one rules file/directory via -r or a rules_file entry in falco.yaml\n');
  });

  it('a rules file that cannot be read', () => {
    const r = falconet('-c', QUIET, '-r', join(dir, 'missing.yaml'));
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `Error: Could not open file ${join(dir, 'missing.yaml')} for reading\n`);
  });

  it('event source selection errors', () => {
    assert.equal(lastErrorLine(falconet('-c', QUIET, '-r', SINGLE_RULE, '--enable-source', 'k8s_audit')), 'Error: Attempted enabling an unknown event source: k8s_audit');
    assert.equal(lastErrorLine(falconet('-c', QUIET, '-r', SINGLE_RULE, '--disable-source', 'syscall')), 'Error: Must enable at least one event source');
    assert.equal(lastErrorLine(falconet('-c', QUIET, '-r', SINGLE_RULE, '--disable-source', 'syscall', '--enable-source', 'syscall')),
      'Error: You can not mix --enable-source and --disable-source');
  });

  it('-D/-t/-T cannot be mixed with a rules: selection', () => {
    const r = falconet('-c', QUIET, '-r', SINGLE_RULE, '-D', 'shell', '-o', 'rules[].disable.rule=x');
    assert.equal(r.status, 1);
    assert.equal(lastErrorLine(r), 'Error: Specifying -D, -t, -T command line options together with "rules:" configuration or -o "rules..." is not supported.');
  });
});

describe('falconet executable: rules', () => {
  it('-V of a valid file exits 0', () => {
    const r = falconet('-c', QUIET, '-V', SINGLE_RULE);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${SINGLE_RULE}: Ok\n`);
  });

  it("-V of Falco's stable rules (container plugin requirement met by falconet)", () => {
    const r = falconet('-c', QUIET, '-V', STABLE_RULES);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^${STABLE_RULES}: Ok`));
  });

  it('-V of a broken file prints Invalid and exits 1', () => {
    const r = falconet('-c', QUIET, '-V', BROKEN_RULES);
    assert.equal(r.status, 1);
    assert.match(r.stdout, new RegExp(`^${BROKEN_RULES}: Invalid\n`));
    assert.ok(r.stderr.startsWith(`Error: ${BROKEN_RULES}: Invalid\n`));
  });

  it('-V with json_output prints falco_load_results', () => {
    const r = falconet('-c', QUIET, '-o', 'json_output=true', '-V', SINGLE_RULE, '-V', BROKEN_RULES);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout) as { falco_load_results: Array<{ name: string; successful: boolean }> };
    assert.deepEqual(out.falco_load_results.map((f) => [f.name, f.successful]), [[SINGLE_RULE, true], [BROKEN_RULES, false]]);
  });

  it('-V of a missing file', () => {
    const r = falconet('-c', QUIET, '-V', join(dir, 'nope.yaml'));
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `Error: Could not open file ${join(dir, 'nope.yaml')} for reading\n`);
  });

  it('-L lists the rules of -r files', () => {
    const r = falconet('-c', QUIET, '-r', SINGLE_RULE, '-L');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0]!, /^Rule {47}Description$/);
    assert.ok(lines.some((l) => l.startsWith('open_from_cat')));
  });

  it('a rules file that fails to load stops startup', () => {
    const r = falconet('-c', QUIET, '-r', BROKEN_RULES, '--dry-run');
    assert.equal(r.status, 1);
    assert.ok(r.stderr.startsWith(`Error: ${BROKEN_RULES}: Invalid\n`));
  });
});

describe('falconet executable: running', () => {
  it('--dry-run loads everything and exits 0 without a source', () => {
    const r = falconet('-c', QUIET, '-r', SINGLE_RULE, '--dry-run');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
  });

  it('the kernel-module engine is refused with a pointer to the engines falconet has', () => {
    const r = falconet('-c', QUIET, '-r', SINGLE_RULE, '-o', 'engine.kind=kmod');
    assert.equal(r.status, 1);
    assert.equal(r.stderr, "Error: engine.kind 'kmod' is not supported by falconet (it has no kernel module): " +
      'use engine.kind=modern_ebpf for live capture or engine.kind=replay for capture files\n');
  });

  it('capture replay (engine.kind=replay, or the older -e) of a missing file fails with Falco\'s message', () => {
    const cap = join(REF, 'traces', 'no-such-capture.scap');
    const viaConfig = falconet('-c', QUIET, '-r', SINGLE_RULE, '-o', 'engine.kind=replay', '-o', `engine.replay.capture_file=${cap}`);
    assert.equal(viaConfig.status, 1);
    assert.match(lastErrorLine(viaConfig), new RegExp(`^Error: Could not open trace filename ${cap} for reading: `));
    const viaE = falconet('-c', QUIET, '-r', SINGLE_RULE, '-e', cap);
    assert.equal(viaE.status, 1);
    assert.equal(lastErrorLine(viaE), lastErrorLine(viaConfig));
  });

  it('falconet.yaml is the default configuration (repository rules folder, live engine)', () => {
    const r = falconet('--dry-run');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /falconet initialized with configuration files:\n.*falconet\.yaml \| schema validation: ok\n/);
  });

  it('the pid file is written on a real run only', () => {
    const pid = join(dir, 'falconet.pid');
    falconet('-c', QUIET, '-r', SINGLE_RULE, '--dry-run', '-P', pid);
    assert.equal(existsSync(pid), false);
    falconet('-c', QUIET, '-r', SINGLE_RULE, '-P', pid);
    assert.match(readFileSync(pid, 'utf8'), /^\d+$/);
  });
});
