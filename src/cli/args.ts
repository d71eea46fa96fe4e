/**
 * Command-line parsing with the rules of the option library Falco uses
 * (cxxopts 3.0), so that the same command lines mean the same thing and
 * fail with the same messages:
 * - `--name=value` or `--name value`; long names have 2+ characters;
 * - short options may be grouped (`-Lv`); a short option that takes a value
 *   takes the rest of the group (`-pc`) or the next argument;
 * - switches never consume the next argument; `--switch=false` is allowed;
 * - an option with an implicit value (`--list`) never consumes the next
 *   argument: `--list syscall` lists every source, `--list=syscall` one;
 * - `--` ends the options; other words are ignored.
 */
import { OPTION_SPECS } from './options.js';
import type { OptionSpec } from './options.js';

export type ListFormat = 'text' | 'markdown' | 'json';

export interface CliOptions {
  help: boolean;
  /** `-c`: configuration file; undefined when not given. */
  configFile: string | undefined;
  printConfigSchema: boolean;
  printRuleSchema: boolean;
  disableSources: string[];
  enableSources: string[];
  dryRun: boolean;
  /** `-i` */
  printIgnoredEvents: boolean;
  /** `-L` */
  describeAllRules: boolean;
  /** `-l RULE` ('' when not given) */
  describeRule: string;
  /** `--list[=SOURCE]` given */
  listFields: boolean;
  /** The SOURCE of `--list=SOURCE` ('' = every source) */
  listSource: string;
  listPlugins: boolean;
  /** `--list-events` */
  listSyscallEvents: boolean;
  /** `-M` */
  durationSeconds: number;
  markdown: boolean;
  /** `--format` as written ('' when not given) */
  format: string;
  /** The format `--list`/`--list-events` print in (from --format or --markdown). */
  outputFormat: ListFormat;
  /** `-N` */
  namesOnly: boolean;
  /** `-o key=value`, in order */
  configOverrides: string[];
  pluginInfo: string;
  /** `-p` ('' when not given) */
  printAdditional: string;
  pidfile: string;
  /** `-r`, in order */
  rulesFiles: string[];
  printSupport: boolean;
  unbuffered: boolean;
  /** `-V`, in order */
  validateFiles: string[];
  verbose: boolean;
  printVersion: boolean;
  printPageSize: boolean;
  /** `-e` (older Falco): capture file to replay ('' when not given). */
  captureFile: string;
  /** `-D` (older Falco) */
  disabledRuleSubstrings: string[];
  /** `-T` (older Falco) */
  disabledTags: string[];
  /** `-t` (older Falco) */
  enabledTags: string[];
  /** Lines Falco writes to stderr while parsing (deprecation notices), in order. */
  notices: string[];
  /** Words that are not options (ignored, as Falco ignores them). */
  unmatched: string[];
}

/** A command line Falco would refuse; `message` is the text after "Error: ". */
export class CliArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliArgsError';
  }
}

// cxxopts quotes option names with typographic quotes on Linux.
const q = (s: string) => `‘${s}’`;

const LONG_OPTION = /^--([A-Za-z0-9][-_A-Za-z0-9]+)(=([\s\S]*))?$/;
const SHORT_GROUP = /^-([A-Za-z0-9]+)$/;

function defaults(): CliOptions {
  return {
    help: false, configFile: undefined, printConfigSchema: false, printRuleSchema: false,
    disableSources: [], enableSources: [], dryRun: false, printIgnoredEvents: false,
    describeAllRules: false, describeRule: '', listFields: false, listSource: '', listPlugins: false,
    listSyscallEvents: false, durationSeconds: 0, markdown: false, format: '', outputFormat: 'text',
    namesOnly: false, configOverrides: [], pluginInfo: '', printAdditional: '', pidfile: '',
    rulesFiles: [], printSupport: false, unbuffered: false, validateFiles: [], verbose: false,
    printVersion: false, printPageSize: false, captureFile: '', disabledRuleSubstrings: [],
    disabledTags: [], enabledTags: [], notices: [], unmatched: [],
  };
}

function parseBoolValue(text: string): boolean {
  if (/^(?:[tT](?:rue)?|1)$/.test(text)) return true;
  if (/^(?:[fF](?:alse)?|0)$/.test(text)) return false;
  throw new CliArgsError(`Argument ${q(text)} failed to parse`);
}

/** A 32-bit integer as cxxopts reads it: optional '-', decimal or 0x-hexadecimal digits. */
function parseIntValue(text: string): number {
  const fail = () => new CliArgsError(`Argument ${q(text)} failed to parse`);
  const m = /^(?:(-)?(0x)?([0-9a-zA-Z]+)|((?:0x)?0))$/.exec(text);
  if (!m) throw fail();
  if (m[4] !== undefined) return 0;
  const negative = m[1] !== undefined;
  const base = m[2] !== undefined ? 16 : 10;
  const digits = m[3]!;
  const valid = base === 16 ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) throw fail();
  const magnitude = BigInt(base === 16 ? `0x${digits}` : digits);
  if (negative ? magnitude > 2n ** 31n : magnitude > 2n ** 31n - 1n) throw fail();
  return Number(negative ? -magnitude : magnitude);
}

type Store = (opts: CliOptions, value: string) => void;

/** Where each option's value goes, by the option's primary name. */
const STORES: Record<string, Store> = {
  help: (o, v) => { o.help = parseBoolValue(v); },
  c: (o, v) => { o.configFile = v; },
  'config-schema': (o, v) => { o.printConfigSchema = parseBoolValue(v); },
  'rule-schema': (o, v) => { o.printRuleSchema = parseBoolValue(v); },
  'disable-source': (o, v) => { o.disableSources.push(v); },
  'dry-run': (o, v) => { o.dryRun = parseBoolValue(v); },
  e: (o, v) => { o.captureFile = v; },
  'enable-source': (o, v) => { o.enableSources.push(v); },
  D: (o, v) => { o.disabledRuleSubstrings.push(v); },
  i: (o, v) => { o.printIgnoredEvents = parseBoolValue(v); },
  L: (o, v) => { o.describeAllRules = parseBoolValue(v); },
  l: (o, v) => { o.describeRule = v; },
  list: (o, v) => { o.listFields = true; o.listSource = v; },
  'list-events': (o, v) => { o.listSyscallEvents = parseBoolValue(v); },
  'list-plugins': (o, v) => { o.listPlugins = parseBoolValue(v); },
  M: (o, v) => { o.durationSeconds = parseIntValue(v); },
  markdown: (o, v) => { o.markdown = parseBoolValue(v); },
  format: (o, v) => { o.format = v; },
  N: (o, v) => { o.namesOnly = parseBoolValue(v); },
  option: (o, v) => { o.configOverrides.push(v); },
  'plugin-info': (o, v) => { o.pluginInfo = v; },
  print: (o, v) => { o.printAdditional = v; },
  pidfile: (o, v) => { o.pidfile = v; },
  r: (o, v) => { o.rulesFiles.push(v); },
  support: (o, v) => { o.printSupport = parseBoolValue(v); },
  T: (o, v) => { o.disabledTags.push(v); },
  t: (o, v) => { o.enabledTags.push(v); },
  unbuffered: (o, v) => { o.unbuffered = parseBoolValue(v); },
  validate: (o, v) => { o.validateFiles.push(v); },
  v: (o, v) => { o.verbose = parseBoolValue(v); },
  version: (o, v) => { o.printVersion = parseBoolValue(v); },
  'page-size': (o, v) => { o.printPageSize = parseBoolValue(v); },
};

function primaryName(spec: OptionSpec): string {
  return spec.long ?? spec.short!;
}

const BY_NAME = new Map<string, OptionSpec>();
for (const spec of OPTION_SPECS) {
  if (spec.short) BY_NAME.set(spec.short, spec);
  if (spec.long) BY_NAME.set(spec.long, spec);
}

/** The value an option takes when none is written after it (switches: true). */
function implicitValue(spec: OptionSpec): string | undefined {
  return spec.kind === 'bool' ? 'true' : spec.implicit;
}

/**
 * Parses the arguments after the program name. Throws CliArgsError with
 * Falco's message for a command line Falco refuses.
 */
export function parseArgs(argv: readonly string[]): CliOptions {
  const opts = defaults();
  const counts = new Map<string, number>();
  const store = (spec: OptionSpec, value: string) => {
    const name = primaryName(spec);
    // A repeated option splits its value into items; an empty value holds no item.
    if (spec.kind !== 'strings' || value !== '') STORES[name]!(opts, value);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  };
  // The value of an option written last in its word: implicit, or the next argument.
  const takeNext = (spec: OptionSpec, name: string, i: number): number => {
    const implicit = implicitValue(spec);
    if (implicit !== undefined) {
      store(spec, implicit);
      return i;
    }
    if (i + 1 >= argv.length) throw new CliArgsError(`Option ${q(name)} is missing an argument`);
    store(spec, argv[i + 1]!);
    return i + 1;
  };

  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      opts.unmatched.push(...argv.slice(i + 1));
      break;
    }
    const long = LONG_OPTION.exec(arg);
    const group = long ? null : SHORT_GROUP.exec(arg);
    if (long) {
      const name = long[1]!;
      const spec = BY_NAME.get(name);
      if (!spec) throw new CliArgsError(`Option ${q(name)} does not exist`);
      if (long[2] !== undefined) store(spec, long[3]!);
      else i = takeNext(spec, name, i);
    } else if (group) {
      const letters = group[1]!;
      for (let k = 0; k < letters.length; k++) {
        const name = letters[k]!;
        const spec = BY_NAME.get(name);
        if (!spec) throw new CliArgsError(`Option ${q(name)} does not exist`);
        if (k === letters.length - 1) {
          i = takeNext(spec, name, i);
        } else if (implicitValue(spec) !== undefined) {
          store(spec, implicitValue(spec)!);
        } else {
          store(spec, letters.slice(k + 1));
          break;
        }
      }
    } else if (arg.startsWith('-') && arg.length > 1) {
      throw new CliArgsError(`Argument ${q(arg)} starts with a - but has incorrect syntax`);
    } else {
      opts.unmatched.push(arg);
    }
  }

  // Checks Falco makes once every option is read.
  if ((counts.get('markdown') ?? 0) > 0 && (counts.get('format') ?? 0) > 0) {
    throw new CliArgsError('Cannot specify both --markdown and --format options together');
  }
  if (opts.format !== '') {
    const lower = opts.format.toLowerCase();
    if (lower !== 'text' && lower !== 'markdown' && lower !== 'json') {
      throw new CliArgsError(`Invalid format '${opts.format}'. Valid values are: text, markdown, json`);
    }
    opts.outputFormat = lower;
  } else if (opts.markdown) {
    opts.notices.push('WARNING: --markdown is deprecated, use --format markdown instead.');
    opts.outputFormat = 'markdown';
  }
  // Older Falco releases refused these combinations.
  if (opts.enabledTags.length > 0 && opts.disabledRuleSubstrings.length + opts.disabledTags.length > 0) {
    throw new CliArgsError('You can not specify both disabled (-D/-T) and enabled (-t) rules');
  }
  return opts;
}
