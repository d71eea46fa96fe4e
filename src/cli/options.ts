/**
 * The command-line options: Falco 0.44.1's flags (same names, same kinds of
 * values, same defaults) with falconet's own help texts, plus four flags of
 * older Falco releases that falconet still accepts (-e, -D, -t, -T).
 */

/** What follows an option: nothing (a switch), one value, or a value that may be repeated. */
export type OptionKind = 'bool' | 'string' | 'strings' | 'int';

export interface OptionSpec {
  /** One-letter name (`-c`), if any. */
  short?: string;
  /** Long name (`--config-schema`), if any. */
  long?: string;
  kind: OptionKind;
  /** Name of the value in the help (`<path>`). */
  arg?: string;
  /** Value taken when the option is given without one (`--list` alone means every source). */
  implicit?: string;
  /** Default shown in the help, for options whose default is worth showing. */
  shownDefault?: string;
  help: string;
}

export const PROGRAM_DESCRIPTION = 'falconet - Falco-compatible runtime security for Linux and Kubernetes';

/** In help order, which is Falco's. */
export const OPTION_SPECS: readonly OptionSpec[] = [
  { short: 'h', long: 'help', kind: 'bool', help: 'Show this list of options and exit.' },
  { short: 'c', kind: 'string', arg: '<path>', help: 'Configuration file to use. Without it falconet reads falconet.yaml from its installation folder, or runs with built-in defaults if there is none.' },
  { long: 'config-schema', kind: 'bool', help: 'Print the JSON schema of the configuration file and exit.' },
  { long: 'rule-schema', kind: 'bool', help: 'Print the JSON schema of rules files and exit.' },
  { long: 'disable-source', kind: 'strings', arg: '<event_source>', help: "Do not collect events of <event_source>. All loaded sources are enabled by default ('syscall' and the sources of loaded plugins). May be repeated, but at least one source must stay enabled. Cannot be combined with --enable-source. Ignored when replaying a capture file." },
  { long: 'dry-run', kind: 'bool', help: 'Do everything but process events: useful to check that the configuration and the rules load without errors.' },
  { short: 'e', kind: 'string', arg: '<events_file>', help: 'DEPRECATED (older Falco releases; use -o engine.kind=replay -o engine.replay.capture_file=<events_file>): replay the events of a .scap capture file instead of watching the live system.' },
  { long: 'enable-source', kind: 'strings', arg: '<event_source>', help: 'Collect events of <event_source> only (may be repeated to enable several). All loaded sources are enabled by default. Cannot be combined with --disable-source. Ignored when replaying a capture file.' },
  { short: 'D', kind: 'strings', arg: '<substring>', help: 'DEPRECATED (older Falco releases; use -o rules[].disable.rule=<wildcard-pattern>): disable the rules whose name contains <substring>. May be repeated. Cannot be combined with -t.' },
  { short: 'i', kind: 'bool', help: 'Print the system calls that are left out by default to keep overhead low, and exit.' },
  { short: 'L', kind: 'bool', help: 'Print the name and description of every rule and exit. With json_output, print rules, macros and lists in detail as JSON.' },
  { short: 'l', kind: 'string', arg: '<rule>', help: 'Print the name and description of <rule> and exit. With json_output, print its details as JSON.' },
  { long: 'list', kind: 'string', arg: '<source>', implicit: '', help: 'Print the fields rules and outputs can use, and exit. With =<source> (e.g. --list=syscall), only the fields of that event source.' },
  { long: 'list-events', kind: 'bool', help: 'Print the syscall events, tracepoint events, plugin events and meta events falconet knows, and exit.' },
  { long: 'list-plugins', kind: 'bool', help: 'Print information about the configured plugins and exit.' },
  { short: 'M', kind: 'int', arg: '<num_seconds>', shownDefault: '0', help: 'Stop after <num_seconds> seconds.' },
  { long: 'markdown', kind: 'bool', help: 'DEPRECATED: use --format markdown. With --list or --list-events, print Markdown.' },
  { long: 'format', kind: 'string', arg: '<format>', help: "Output format of --list and --list-events: 'text', 'markdown' or 'json'. Cannot be combined with --markdown." },
  { short: 'N', kind: 'bool', help: 'With --list, print field names only.' },
  { short: 'o', long: 'option', kind: 'strings', arg: '<opt>=<val>', help: 'Set configuration key <opt> to <val>, over what the configuration files say. Keys are written with dots for nesting and brackets for list entries ([] appends); a backslash escapes a literal dot, bracket or backslash in a key name. May be repeated.\n    E.g. json_output=true\n         engine.kind=replay\n         rules[].disable.rule=*\n         plugins[0].name=k8saudit\n         annotations.kubernetes\\.io/role=master' },
  { long: 'plugin-info', kind: 'string', arg: '<plugin_name>', help: "Print the details of plugin <plugin_name> (its name or configured library_path): description, init config schema and suggested open parameters; then exit." },
  { short: 'p', long: 'print', kind: 'string', arg: '<output_format>', help: 'DEPRECATED: use -o append_output... instead. Append <output_format> to every rule output. -pc/-pcontainer and -pk/-pkubernetes are accepted and do nothing: container and Kubernetes fields are suggested by default.' },
  { short: 'P', long: 'pidfile', kind: 'string', arg: '<pid_file>', shownDefault: '', help: 'Write the process id to <pid_file>. No pid file is written by default.' },
  { short: 'r', kind: 'strings', arg: '<rules_file>', help: 'Load rules from this file, or from the .yaml/.yml files of this folder. May be repeated. Replaces the rules_files of the configuration.' },
  { long: 'support', kind: 'bool', help: 'Print support information (versions, configuration, rules files and their contents) as JSON and exit.' },
  { short: 'T', kind: 'strings', arg: '<tag>', help: 'DEPRECATED (older Falco releases; use -o rules[].disable.tag=<tag>): disable the rules that have tag <tag>. May be repeated. Cannot be combined with -t.' },
  { short: 't', kind: 'strings', arg: '<tag>', help: 'DEPRECATED (older Falco releases; use -o rules[].disable.rule=* -o rules[].enable.tag=<tag>): enable only the rules that have tag <tag>. May be repeated. Cannot be combined with -T or -D.' },
  { short: 'U', long: 'unbuffered', kind: 'bool', help: 'Flush every output line at once instead of buffering (costs CPU; handy when piping alerts to another program).' },
  { short: 'V', long: 'validate', kind: 'strings', arg: '<rules_file>', help: 'Check the rules file(s) and exit. May be repeated.' },
  { short: 'v', kind: 'bool', help: 'Verbose output.' },
  { long: 'version', kind: 'bool', help: 'Print version information and exit.' },
  { long: 'page-size', kind: 'bool', help: 'Print the memory page size of this system and exit (useful to size the syscall ring buffers).' },
];
