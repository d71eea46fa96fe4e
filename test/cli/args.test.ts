import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CliArgsError, parseArgs } from '../../src/cli/args.js';
import { formatHelp } from '../../src/cli/help.js';
import { OPTION_SPECS } from '../../src/cli/options.js';

function argsError(argv: string[]): string {
  try {
    parseArgs(argv);
  } catch (err) {
    assert.ok(err instanceof CliArgsError);
    return err.message;
  }
  assert.fail(`expected ${argv.join(' ')} to be refused`);
}

describe('command-line parsing (cxxopts rules)', () => {
  it('reads long options with = or a separate value', () => {
    const o = parseArgs(['--option=json_output=true', '--option', 'priority=error', '--validate', 'a.yaml']);
    assert.deepEqual(o.configOverrides, ['json_output=true', 'priority=error']);
    assert.deepEqual(o.validateFiles, ['a.yaml']);
  });

  it('reads short options with a separate value or attached to the letter', () => {
    const o = parseArgs(['-c', '/etc/falco/falco.yaml', '-r', 'a.yaml', '-r', 'dir', '-ojson', '-M', '30']);
    assert.equal(o.configFile, '/etc/falco/falco.yaml');
    assert.deepEqual(o.rulesFiles, ['a.yaml', 'dir']);
    assert.deepEqual(o.configOverrides, ['json']);
    assert.equal(o.durationSeconds, 30);
  });

  it('groups switches and gives the rest of a group to an option that takes a value', () => {
    const grouped = parseArgs(['-Lv']);
    assert.equal(grouped.describeAllRules, true);
    assert.equal(grouped.verbose, true);
    const p = parseArgs(['-pc']);
    assert.equal(p.printAdditional, 'c');
    const last = parseArgs(['-vl', 'My Rule']);
    assert.equal(last.verbose, true);
    assert.equal(last.describeRule, 'My Rule');
  });

  it('switches accept =true/=false and never consume the next word', () => {
    assert.equal(parseArgs(['--dry-run=false']).dryRun, false);
    assert.equal(parseArgs(['--dry-run=1']).dryRun, true);
    const o = parseArgs(['--dry-run', 'x.yaml']);
    assert.equal(o.dryRun, true);
    assert.deepEqual(o.unmatched, ['x.yaml']);
    assert.equal(argsError(['--dry-run=maybe']), 'Argument ‘maybe’ failed to parse');
  });

  it('--list takes a source only with =', () => {
    assert.deepEqual([parseArgs(['--list']).listFields, parseArgs(['--list']).listSource], [true, '']);
    assert.equal(parseArgs(['--list=syscall']).listSource, 'syscall');
    const spaced = parseArgs(['--list', 'syscall']);
    assert.equal(spaced.listSource, '');
    assert.deepEqual(spaced.unmatched, ['syscall']);
  });

  it('repeatable options keep their order; -o values keep commas', () => {
    const o = parseArgs(['-o', 'a=1,2', '-V', 'x.yaml', '-V', 'y.yaml', '--disable-source', 'syscall']);
    assert.deepEqual(o.configOverrides, ['a=1,2']);
    assert.deepEqual(o.validateFiles, ['x.yaml', 'y.yaml']);
    assert.deepEqual(o.disableSources, ['syscall']);
  });

  it('-- ends the options', () => {
    const o = parseArgs(['-v', '--', '-L']);
    assert.equal(o.describeAllRules, false);
    assert.deepEqual(o.unmatched, ['-L']);
  });

  it('accepts the older -e, -D, -t, -T flags', () => {
    const o = parseArgs(['-e', 'cap.scap', '-D', 'shell', '-T', 'network']);
    assert.equal(o.captureFile, 'cap.scap');
    assert.deepEqual(o.disabledRuleSubstrings, ['shell']);
    assert.deepEqual(o.disabledTags, ['network']);
    assert.deepEqual(parseArgs(['-t', 'a', '-t', 'b']).enabledTags, ['a', 'b']);
    assert.equal(argsError(['-t', 'a', '-T', 'b']), 'You can not specify both disabled (-D/-T) and enabled (-t) rules');
  });

  it("refuses unknown options with Falco's messages", () => {
    assert.equal(argsError(['--nodriver']), 'Option ‘nodriver’ does not exist');
    assert.equal(argsError(['-A']), 'Option ‘A’ does not exist');
    assert.equal(argsError(['-LZ']), 'Option ‘Z’ does not exist');
    assert.equal(argsError(['--x']), 'Argument ‘--x’ starts with a - but has incorrect syntax');
    assert.equal(argsError(['-r/etc/rules.yaml']), 'Argument ‘-r/etc/rules.yaml’ starts with a - but has incorrect syntax');
  });

  it('refuses a missing value and bad integers', () => {
    assert.equal(argsError(['-r']), 'Option ‘r’ is missing an argument');
    assert.equal(argsError(['--option']), 'Option ‘option’ is missing an argument');
    assert.equal(argsError(['-M', 'ten']), 'Argument ‘ten’ failed to parse');
    assert.equal(argsError(['-M', '99999999999']), 'Argument ‘99999999999’ failed to parse');
    assert.equal(parseArgs(['-M', '0x10']).durationSeconds, 16);
  });

  it('--format and --markdown', () => {
    assert.equal(parseArgs(['--format', 'JSON']).outputFormat, 'json');
    const md = parseArgs(['--markdown']);
    assert.equal(md.outputFormat, 'markdown');
    assert.deepEqual(md.notices, ['WARNING: --markdown is deprecated, use --format markdown instead.']);
    assert.equal(argsError(['--format', 'yaml']), "Invalid format 'yaml'. Valid values are: text, markdown, json");
    assert.equal(argsError(['--markdown', '--format', 'text']), 'Cannot specify both --markdown and --format options together');
  });

  it('ignores words that are not options', () => {
    assert.deepEqual(parseArgs(['hello', '-']).unmatched, ['hello', '-']);
  });
});

describe('--help text', () => {
  const help = formatHelp();

  it('starts with the description and usage', () => {
    assert.ok(help.startsWith('falconet - '));
    assert.match(help, /\nUsage:\n {2}falconet \[OPTION\.\.\.\]\n\n/);
  });

  it("lists every option in Falco's notation", () => {
    for (const spec of OPTION_SPECS) {
      const name = spec.long ? `--${spec.long}` : `-${spec.short}`;
      assert.ok(help.includes(name), name);
    }
    assert.match(help, /\n {2}-h, --help {2,}Show this list/);
    assert.match(help, /\n {6}--list \[=<source>\(=\)\]/);
    assert.match(help, /\n {2}-M <num_seconds> +Stop after <num_seconds> seconds\. \(default: 0\)\n/);
    assert.match(help, /\(default: ""\)/);
  });

  it('wraps descriptions within 140 columns', () => {
    for (const line of help.split('\n')) assert.ok(line.length <= 140, line);
  });
});
