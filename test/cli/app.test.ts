/**
 * Startup steps run in-process (runApp with captured output).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runApp } from '../../src/cli/app.js';
import { expandRulesPaths, hasRulesExtension } from '../../src/cli/rules-files.js';
import { registerEventSource } from '../../src/cli/run.js';
import type { RunContext } from '../../src/cli/run.js';
import type { LoadedRules } from '../../src/cli/rules-steps.js';
import { formatIsoTime, formatLocalTime, Logger } from '../../src/cli/logger.js';
import { RuleEngine } from '../../src/rules/engine.js';
import { REFERENCE } from '../reference.js';

const REF = `${REFERENCE}`;
const SINGLE_RULE = join(REF, 'expected', 'single_rule.yaml');
const TAGGED_RULE = join(REF, 'expected', 'single_rule_with_tags.yaml');

const dir = mkdtempSync(join(tmpdir(), 'falconet-app-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const QUIET = file('quiet.yaml', 'log_stderr: false\nengine:\n  kind: modern_ebpf\n');

async function app(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runApp(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: {} });
  return { status, stdout, stderr };
}

describe('rules files on disk', () => {
  it('takes .yaml/.yml files of a folder in name order, and skips other names', () => {
    const rd = join(dir, 'rules.d');
    mkdirSync(rd);
    for (const n of ['b.yaml', 'a.yml', 'c.txt', 'd.yaml.bak', 'e.yaml.yaml']) writeFileSync(join(rd, n), '');
    mkdirSync(join(rd, 'sub.yaml'));
    assert.deepEqual(expandRulesPaths([rd, join(dir, 'x.json'), join(dir, 'y.yaml')]).files, [join(rd, 'a.yml'), join(rd, 'b.yaml'), join(dir, 'y.yaml')]);
    assert.equal(hasRulesExtension('r.yaml'), true);
    assert.equal(hasRulesExtension('r.yaml.yaml'), false);
  });
});

describe('startup steps', () => {
  it('-l of an unknown rule is a runtime error', async () => {
    const r = await app('-c', QUIET, '-r', SINGLE_RULE, '-l', 'No Such Rule');
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'Runtime error: Rule "No Such Rule" is not loaded. Exiting.\n');
  });

  it('-l RULE with json_output prints the description as JSON', async () => {
    const r = await app('-c', QUIET, '-r', SINGLE_RULE, '-l', 'open_from_cat', '-o', 'json_output=true');
    assert.equal(r.status, 0, r.stderr);
    const engine = new RuleEngine();
    engine.load([{ name: SINGLE_RULE, content: (await import('node:fs')).readFileSync(SINGLE_RULE, 'utf8') }]);
    assert.equal(r.stdout, RuleEngine.formatDescriptionJson(engine.describeRules('open_from_cat')));
  });

  it('-V with -L and json_output puts both results in one object', async () => {
    const r = await app('-c', QUIET, '-o', 'json_output=true', '-V', SINGLE_RULE, '-L');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ['falco_describe_results', 'falco_load_results']);
  });

  it('--rule-schema prints the rules schema', async () => {
    const r = await app('--rule-schema');
    assert.equal(r.status, 0);
    assert.deepEqual(JSON.parse(r.stdout), RuleEngine.ruleSchema());
  });

  it('-i and --list-events are reported as not available yet', async () => {
    assert.match((await app('-i')).stderr, /^Error: -i is not available yet/);
    assert.match((await app('--list-events')).stderr, /^Error: --list-events is not available yet/);
  });

  it('--list-plugins with no plugin configured', async () => {
    const r = await app('-c', QUIET, '--list-plugins');
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '0 Plugins Loaded:\n\n\n');
  });

  it('the container plugin is built in; other plugin libraries are refused', async () => {
    const cfg = file('plugins.yaml', 'log_stderr: false\nplugins:\n  - name: container\n    library_path: libcontainer.so\n  - name: k8saudit\n    library_path: libk8saudit.so\n');
    const one = await app('-c', cfg, '-o', 'load_plugins[]=container', '--list-plugins');
    assert.equal(one.status, 0);
    assert.match(one.stdout, /^1 Plugins Loaded:\n\nName: container\n/);
    const both = await app('-c', cfg, '--list-plugins');
    assert.equal(both.status, 1);
    assert.match(both.stderr, /^Error: cannot load plugin 'k8saudit' \(\/usr\/share\/falco\/plugins\/libk8saudit\.so\)/);
  });

  it('--support prints JSON with the command line, configuration and rules files', async () => {
    const r = await app('-c', QUIET, '-r', SINGLE_RULE, '--support');
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout) as { cmdline: string; config: string; rules_files: Array<{ name: string }>; engine_info: { engine_version_semver: string } };
    assert.equal(s.cmdline, `falconet -c ${QUIET} -r ${SINGLE_RULE} --support`);
    assert.equal(s.config, '{"log_stderr": "false", "engine": {"kind": "modern_ebpf"}}');
    assert.deepEqual(s.rules_files.map((f) => f.name), [SINGLE_RULE]);
    assert.equal(s.engine_info.engine_version_semver, '0.62.0');
  });

  it('-t TAG stands for "disable every rule, enable that tag" (with a deprecation warning)', async () => {
    const cfg = file('verbose.yaml', 'log_stderr: true\nlog_level: info\nengine:\n  kind: modern_ebpf\n');
    const r = await app('-c', cfg, '-r', TAGGED_RULE, '-t', 'filesystem', '--dry-run');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /The -t option is deprecated/);
    assert.match(r.stderr, /: Disabling rules with name: \*\n.*: Enabling rules with tag: filesystem\n/);
  });

  it('-p prints a deprecation warning', async () => {
    const cfg = file('warn.yaml', 'log_stderr: true\nlog_level: warning\nengine:\n  kind: modern_ebpf\n');
    const r = await app('-c', cfg, '-r', SINGLE_RULE, '-pc', '--dry-run');
    assert.equal(r.status, 0);
    assert.match(r.stderr, /The -p\/--print option is deprecated/);
  });

  it('metrics enabled without an output are refused, dry run included', async () => {
    const r = await app('-c', QUIET, '-r', SINGLE_RULE, '--dry-run', '-o', 'metrics.enabled=true', '-o', 'metrics.interval=5s');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^Error: Metrics are enabled with no output configured\./);
  });
});

describe('event sources plug in by engine kind', () => {
  it('a registered source runs with the loaded rules, the configuration and the enabled sources', async () => {
    let seen: RunContext | undefined;
    registerEventSource('nodriver', { run: async (ctx) => { seen = ctx; return 7; } });
    const r = await app('-c', QUIET, '-r', SINGLE_RULE, '-o', 'engine.kind=nodriver');
    assert.equal(r.status, 7);
    assert.ok(seen);
    assert.equal(seen.config.engine.kind, 'nodriver');
    assert.deepEqual(seen.enabledSources, ['syscall']);
    assert.equal((seen.rules as { engine: RuleEngine }).engine.rules()[0]!.name, 'open_from_cat');
    assert.equal(seen.signal.aborted, false);
  });

  it('the run gets one ruleset per enabled source, with the rules: selection applied', async () => {
    let rules: LoadedRules | undefined;
    registerEventSource('nodriver', { run: async (ctx) => { rules = ctx.rules as LoadedRules; return 0; } });
    await app('-c', QUIET, '-r', TAGGED_RULE, '-o', 'engine.kind=nodriver');
    assert.equal(rules!.rulesets.get('syscall')!.isEnabled('open_from_cat'), true);
    await app('-c', QUIET, '-r', TAGGED_RULE, '-o', 'engine.kind=nodriver', '-o', 'rules[].disable.rule=open_*');
    assert.equal(rules!.rulesets.get('syscall')!.isEnabled('open_from_cat'), false);
    await app('-c', QUIET, '-r', TAGGED_RULE, '-o', 'engine.kind=nodriver', '-T', 'filesystem');
    assert.deepEqual(rules!.selection, [{ op: 'disable', rule: '', tag: 'filesystem' }]);
    assert.equal(rules!.rulesets.get('syscall')!.isEnabled('open_from_cat'), false);
    await app('-c', QUIET, '-r', TAGGED_RULE, '-o', 'engine.kind=nodriver', '-o', 'priority=critical');
    assert.equal(rules!.rulesets.get('syscall')!.size, 0);
  });

  it('-M aborts the run after the given seconds', async () => {
    registerEventSource('nodriver', {
      run: (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve(0))),
    });
    const started = Date.now();
    const r = await app('-c', QUIET, '-r', SINGLE_RULE, '-o', 'engine.kind=nodriver', '-M', '1');
    assert.equal(r.status, 0);
    assert.ok(Date.now() - started >= 900);
  });
});

describe('log lines', () => {
  it('are stamped like Falco (local ctime-like, or ISO 8601 UTC) and filtered by level', () => {
    const d = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    assert.equal(formatIsoTime(d), '2024-01-02T03:04:05+0000');
    assert.match(formatLocalTime(d), /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} 2024$/);
    const lines: string[] = [];
    const log = new Logger((t) => lines.push(t), () => d);
    log.configure({ level: 'warning', iso8601: true });
    log.info('hidden');
    log.warning('shown');
    assert.deepEqual(lines, ['2024-01-02T03:04:05+0000: shown\n']);
  });
});
