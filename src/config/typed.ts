/**
 * Turns the merged configuration document into a typed FalcoConfig, reading
 * each key the way Falco does (its defaults, its conversions, its checks and
 * error messages, in its order).
 */
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { posix } from 'node:path';
import { readCaptureConfig } from './capture-config.js';
import type { ConfigDocument } from './document.js';
import { ConfigError, badConversion } from './errors.js';
import { parsePriority } from '../rules/loader/priority.js';
import { FALCO_DEFAULT_SSL_CERTIFICATE, FALCO_PLUGINS_DIR } from './falco-config.js';
import type {
  AppendOutput, ConfigFileInclude, EngineKind, FalcoConfig, IncludeStrategy, LibsLogSeverity, LogLevel,
  PluginConfig, RuleSelection, SyscallDropAction,
} from './falco-config.js';
import { isDefined, mapEntries } from './node.js';
import type { ConfigNode } from './node.js';
import { nodeBool, nodeString } from './scalar.js';

const LOG_LEVELS: readonly LogLevel[] = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'];
const LIBS_SEVERITIES: readonly LibsLogSeverity[] = ['trace', 'debug', 'info', 'notice', 'warning', 'error', 'critical', 'fatal'];
const ENGINE_KINDS: readonly EngineKind[] = ['kmod', 'modern_ebpf', 'replay', 'nodriver'];

export const DEFAULT_THREAD_TABLE_SIZE = 262144;
export const DEFAULT_PURGING_INTERVAL_S = 300;

/** Falco's "warning" log lines produced while reading the configuration. */
export type ConfigWarnings = string[];

/** A Prometheus duration ("1h30m", "500ms", "5s") in milliseconds; 0 when it does not parse. */
export function parsePrometheusInterval(text: string): number {
  const s = text.replace(/\s/g, '');
  const m = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(s);
  if (!m || s === '') return 0;
  const unitsMs = [365 * 86400000, 7 * 86400000, 86400000, 3600000, 60000, 1000, 1];
  let total = 0;
  unitsMs.forEach((unit, i) => {
    const v = m[i + 1];
    if (v) total += Number(v) * unit;
  });
  return total;
}

function isIpAddress(text: string): boolean {
  const t = text.trim();
  if (isIP(t) === 4) return true;
  // IPv6, optionally with a zone suffix (fe80::1%eth0).
  const zone = t.indexOf('%');
  return isIP(zone >= 0 && zone < t.length - 1 ? t.slice(0, zone) : t) === 6;
}

function child(node: ConfigNode, key: string): ConfigNode | undefined {
  if (node.kind !== 'map') return undefined;
  const v = node.entries.get(key);
  return isDefined(v) ? v : undefined;
}

/** A strict text read of a nested value (a map or sequence there is a bad conversion). */
function text(node: ConfigNode, key: string): string {
  const t = nodeString(node);
  if (t === undefined) throw badConversion(node.kind === 'undefined' ? undefined : node.mark, key);
  return t;
}

function markOf(node: ConfigNode) {
  return node.kind === 'undefined' ? undefined : node.mark;
}

function decodeRuleSelection(node: ConfigNode, key: string): RuleSelection {
  const fail = () => badConversion(markOf(node), key);
  if (node.kind !== 'map') throw fail();
  const enable = child(node, 'enable');
  const disable = child(node, 'disable');
  const body = enable ?? disable;
  if (!body || body.kind !== 'map') throw fail();
  const op = enable ? 'enable' : 'disable';
  const ruleNode = child(body, 'rule');
  const tagNode = child(body, 'tag');
  const rule = ruleNode ? text(ruleNode, `${key}.${op}.rule`) : '';
  const tag = tagNode ? text(tagNode, `${key}.${op}.tag`) : '';
  if (rule === '' && tag === '') throw fail();
  return { op, rule, tag };
}

function decodeAppendOutput(node: ConfigNode, key: string): AppendOutput {
  const fail = () => badConversion(markOf(node), key);
  if (node.kind !== 'map') throw fail();
  const out: AppendOutput = {
    match: { source: '', tags: [], rule: '' },
    extraOutput: '',
    formattedFields: {},
    rawFields: [],
    suggestedOutput: false,
  };
  const match = child(node, 'match');
  if (match) {
    if (match.kind === 'scalar') throw ConfigError.at(`operator[] call on a scalar (key: "source")`, match.mark, `${key}.match`);
    const source = child(match, 'source');
    if (source) out.match.source = text(source, `${key}.match.source`);
    const tags = child(match, 'tags');
    if (tags?.kind === 'seq') {
      for (const tag of tags.items) {
        if (tag.kind !== 'scalar') throw fail();
        if (!out.match.tags.includes(tag.value)) out.match.tags.push(tag.value);
      }
      out.match.tags.sort();
    }
    const rule = child(match, 'rule');
    if (rule) out.match.rule = text(rule, `${key}.match.rule`);
  }
  const extra = child(node, 'extra_output');
  if (extra) out.extraOutput = text(extra, `${key}.extra_output`);
  const fields = child(node, 'extra_fields');
  if (fields) {
    if (fields.kind !== 'seq') throw fail();
    for (const def of fields.items) {
      if (def.kind === 'map' && mapEntries(def).length === 1) {
        const [name, value] = mapEntries(def)[0]!;
        // Redefining a field name is an error in Falco.
        if (name in out.formattedFields || out.rawFields.includes(name)) throw fail();
        out.formattedFields[name] = text(value, `${key}.extra_fields.${name}`);
      } else if (def.kind === 'scalar') {
        if (def.value in out.formattedFields) throw fail();
        if (!out.rawFields.includes(def.value)) out.rawFields.push(def.value);
      } else {
        throw fail();
      }
    }
    out.rawFields.sort();
  }
  const suggested = child(node, 'suggested_output');
  if (suggested) {
    const b = nodeBool(suggested);
    if (b === undefined) throw badConversion(markOf(suggested), `${key}.suggested_output`);
    out.suggestedOutput = b;
  }
  return out;
}

function decodeConfigFile(node: ConfigNode, key: string): ConfigFileInclude {
  if (node.kind !== 'map') return { path: text(node, key), strategy: 'append' };
  const path = child(node, 'path');
  if (!path) throw badConversion(node.mark, key);
  const strategyNode = child(node, 'strategy');
  const strategyText = strategyNode ? text(strategyNode, `${key}.strategy`) : 'append';
  const strategy: IncludeStrategy = strategyText === 'override' || strategyText === 'add-only' ? strategyText : 'append';
  return { path: text(path, `${key}.path`), strategy };
}

/** The `config_files` entries of a document (Falco reads them before merging includes). */
export function readConfigFiles(doc: ConfigDocument): ConfigFileInclude[] {
  return doc.items('config_files').map((n, i) => decodeConfigFile(n, `config_files[${i}]`));
}

function decodePlugin(node: ConfigNode, key: string): PluginConfig {
  const fail = () => badConversion(markOf(node), key);
  if (node.kind !== 'map') throw fail();
  const nameNode = child(node, 'name');
  const pathNode = child(node, 'library_path');
  if (!nameNode || !pathNode) throw fail();
  const name = text(nameNode, `${key}.name`);
  let libraryPath = text(pathNode, `${key}.library_path`);
  if (libraryPath !== '' && !libraryPath.startsWith('/')) {
    // A relative path is taken inside Falco's plugins directory and may not leave it.
    const normalized = posix.normalize(posix.join(FALCO_PLUGINS_DIR, libraryPath));
    const rel = posix.relative(posix.normalize(FALCO_PLUGINS_DIR), normalized);
    if (rel === '' || rel.split('/').includes('..')) {
      const at = pathNode.kind === 'scalar' && pathNode.mark ? `error at line ${pathNode.mark.line}, column ${pathNode.mark.column} of ${pathNode.mark.file}: ` : '';
      throw ConfigError.at(
        `${at}plugin library_path '${libraryPath}' resolves outside the plugins directory (${FALCO_PLUGINS_DIR})`,
        pathNode.kind === 'scalar' ? pathNode.mark : undefined, `${key}.library_path`);
    }
    libraryPath = normalized;
  }
  let initConfig = '';
  const init = child(node, 'init_config');
  if (init && init.kind !== 'null') {
    initConfig = init.kind === 'map' ? JSON.stringify(yamlToJson(init)) : text(init, `${key}.init_config`);
  }
  let openParams = '';
  const open = child(node, 'open_params');
  if (open && open.kind !== 'null') openParams = text(open, `${key}.open_params`).trim();
  return { name, libraryPath, initConfig, openParams };
}

/** YAML to JSON as Falco converts plugin init configs: integers, then numbers, then booleans, then text. */
function yamlToJson(node: ConfigNode): unknown {
  switch (node.kind) {
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of mapEntries(node)) out[k] = yamlToJson(v);
      return out;
    }
    case 'seq': return node.items.filter((n) => n.kind !== 'undefined').map(yamlToJson);
    case 'scalar': {
      const v = node.value;
      if (/^[+-]?\d+$/.test(v.trim()) && Math.abs(Number(v)) <= 2147483647) return Number(v);
      if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim())) return Number(v);
      const b = nodeBool(node);
      return b ?? v;
    }
    default: return null;
  }
}

function readStaticFields(doc: ConfigDocument): Record<string, string> {
  const node = doc.node('static_fields');
  const out: Record<string, string> = {};
  if (!node || node.kind !== 'map') return out;
  for (const [k, v] of mapEntries(node)) {
    const t = nodeString(v);
    // A value that is not text makes Falco ignore the whole block.
    if (t === undefined) return {};
    out[k] = t;
  }
  return out;
}

/**
 * Reads the typed configuration from a merged document. `configName` is the
 * main file's path ("default" without a file), as it appears in Falco's
 * "Error reading config file (...)" messages. Warnings are appended to `warnings`.
 */
export function buildConfig(doc: ConfigDocument, configName: string, warnings: ConfigWarnings): FalcoConfig {
  // Where a key's value was written (file, line, column), for the error's location.
  const at = (key: string) => {
    const node = doc.node(key);
    const mark = node && node.kind !== 'undefined' ? node.mark : undefined;
    return mark ? { file: mark.file, line: mark.line, column: mark.column, key } : { file: configName, key };
  };
  const keyError = (message: string, key: string) => new ConfigError(message, at(key));
  const readingError = (what: string, key: string) => keyError(`Error reading config file (${configName}): ${what}`, key);

  // Logging first: it decides where every later message goes.
  const logLevel = doc.string('log_level', 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw keyError(`Unknown log level ${logLevel}`, 'log_level');
  const libsEnabled = doc.bool('libs_logger.enabled', true);
  const libsSeverity = doc.string('libs_logger.severity', 'info');
  if (libsEnabled && !(LIBS_SEVERITIES as readonly string[]).includes(libsSeverity)) {
    throw keyError(`Unknown sinsp log severity ${libsSeverity}`, 'libs_logger.severity');
  }

  // Engine.
  const kindText = doc.string('engine.kind', 'kmod');
  // Older Falco's legacy eBPF probe (`ebpf`, with its `engine.ebpf.*` settings) is served by
  // falconet's one probe, so configurations written for it keep working.
  const legacyEbpf = kindText === 'ebpf';
  if (!legacyEbpf && !(ENGINE_KINDS as readonly string[]).includes(kindText)) {
    throw readingError(`engine.kind '${kindText}' is not a valid kind.`, 'engine.kind');
  }
  const kind: EngineKind = legacyEbpf ? 'modern_ebpf' : (kindText as EngineKind);
  const ebpfKey = legacyEbpf ? 'engine.ebpf' : 'engine.modern_ebpf';
  const engine: FalcoConfig['engine'] = {
    kind,
    kmod: { bufSizePreset: 4, dropFailedExit: false },
    modernEbpf: { cpusForEachBuffer: 2, bufSizePreset: 4, dropFailedExit: false, disableIterators: false },
    replay: { captureFile: '' },
  };
  if (kind === 'kmod') {
    engine.kmod = {
      bufSizePreset: doc.int('engine.kmod.buf_size_preset', 'int16', 4),
      dropFailedExit: doc.bool('engine.kmod.drop_failed_exit', false),
    };
  } else if (kind === 'modern_ebpf') {
    engine.modernEbpf = {
      cpusForEachBuffer: doc.int(`${ebpfKey}.cpus_for_each_buffer`, 'uint16', 2),
      bufSizePreset: doc.int(`${ebpfKey}.buf_size_preset`, 'int16', 4),
      dropFailedExit: doc.bool(`${ebpfKey}.drop_failed_exit`, false),
      disableIterators: doc.bool(`${ebpfKey}.disable_iterators`, false),
    };
  } else if (kind === 'replay') {
    engine.replay = { captureFile: doc.string('engine.replay.capture_file', '') };
    if (engine.replay.captureFile === '') {
      throw readingError(`engine.kind is 'replay' but no engine.replay.capture_file specified.`, 'engine.replay.capture_file');
    }
  }

  // Rules files: the plural key, or the deprecated singular one, never both.
  let rulesFilesWritten: string[] = [];
  let rulesKeys = 0;
  if (doc.has('rules_files')) {
    rulesKeys++;
    rulesFilesWritten = rulesFilesWritten.concat(doc.strings('rules_files'));
  }
  if (doc.has('rules_file')) {
    rulesKeys++;
    rulesFilesWritten = rulesFilesWritten.concat(doc.strings('rules_file'));
    warnings.push(`Using deprecated config key 'rules_file' (singular form). Please use new 'rules_files' config key (plural form).`);
  }
  if (rulesKeys === 2) throw readingError(`both 'rules_files' and 'rules_file' keys set`, 'rules_file');
  // Falco keeps only the entries that exist; -r paths are checked later, when read.
  const rulesFiles = rulesFilesWritten.filter((f) => existsSync(f));

  const jsonOutput = doc.bool('json_output', false);
  const jsonIncludeOutputProperty = doc.bool('json_include_output_property', true);
  const jsonIncludeTagsProperty = doc.bool('json_include_tags_property', true);
  const jsonIncludeMessageProperty = doc.bool('json_include_message_property', false);
  const jsonIncludeOutputFieldsProperty = doc.bool('json_include_output_fields_property', true);

  // Outputs, in Falco's order of checks.
  const fileOutput = { enabled: doc.bool('file_output.enabled', false), filename: '', keepAlive: false };
  if (fileOutput.enabled) {
    fileOutput.filename = doc.string('file_output.filename', '');
    if (fileOutput.filename === '') throw readingError('file output enabled but no filename in configuration block', 'file_output.filename');
    fileOutput.keepAlive = doc.string('file_output.keep_alive', '') === 'true';
  }
  const stdoutOutput = { enabled: doc.bool('stdout_output.enabled', false) };
  const syslogOutput = { enabled: doc.bool('syslog_output.enabled', false) };
  const programOutput = { enabled: doc.bool('program_output.enabled', false), program: '', keepAlive: false };
  if (programOutput.enabled) {
    programOutput.program = doc.string('program_output.program', '');
    if (programOutput.program === '') throw readingError('program output enabled but no program in configuration block', 'program_output.program');
    programOutput.keepAlive = doc.string('program_output.keep_alive', '') === 'true';
  }
  const httpEnabled = doc.bool('http_output.enabled', false);
  const httpOutput: FalcoConfig['httpOutput'] = {
    enabled: httpEnabled,
    url: '',
    userAgent: 'falcosecurity/falco',
    insecure: false,
    caCert: '',
    caBundle: '',
    caPath: '/etc/ssl/certs',
    mtls: false,
    clientCert: '/etc/ssl/certs/client.crt',
    clientKey: '/etc/ssl/certs/client.key',
    echo: false,
    compressUploads: false,
    keepAlive: false,
    maxConsecutiveTimeouts: 5,
  };
  if (httpEnabled) {
    httpOutput.url = doc.string('http_output.url', '');
    if (httpOutput.url === '') throw readingError('http output enabled but no url in configuration block', 'http_output.url');
    httpOutput.userAgent = doc.string('http_output.user_agent', 'falcosecurity/falco');
    httpOutput.insecure = doc.bool('http_output.insecure', false);
    httpOutput.echo = doc.bool('http_output.echo', false);
    httpOutput.caCert = doc.string('http_output.ca_cert', '');
    httpOutput.caBundle = doc.string('http_output.ca_bundle', '');
    httpOutput.caPath = doc.string('http_output.ca_path', '/etc/ssl/certs');
    httpOutput.mtls = doc.bool('http_output.mtls', false);
    httpOutput.clientCert = doc.string('http_output.client_cert', '/etc/ssl/certs/client.crt');
    httpOutput.clientKey = doc.string('http_output.client_key', '/etc/ssl/certs/client.key');
    httpOutput.compressUploads = doc.bool('http_output.compress_uploads', false);
    httpOutput.keepAlive = doc.bool('http_output.keep_alive', false);
    httpOutput.maxConsecutiveTimeouts = doc.int('http_output.max_consecutive_timeouts', 'uint8', 5);
  }

  const outputTimeout = doc.int('output_timeout', 'uint32', 2000);

  const ruleMatchingText = doc.string('rule_matching', 'first');
  const ruleMatching = ruleMatchingText.toLowerCase();
  if (ruleMatching !== 'first' && ruleMatching !== 'all') {
    throw keyError(`Unknown rule matching strategy "${ruleMatchingText}"--must be one of first, all`, 'rule_matching');
  }

  const priorityText = doc.string('priority', 'debug');
  const priority = parsePriority(priorityText);
  if (priority === undefined) {
    throw keyError(
      `Unknown priority "${priorityText}"--must be one of emergency, alert, critical, error, warning, notice, informational, debug`,
      'priority');
  }

  const bufferedOutputs = doc.bool('buffered_outputs', false);
  const capacity = doc.int('outputs_queue.capacity', 'uint64', 0);
  const timeFormatIso8601 = doc.bool('time_format_iso_8601', false);
  const bufferFormatBase64 = doc.bool('buffer_format_base64', false);

  const listenAddress = doc.string('webserver.listen_address', '0.0.0.0');
  const webserver: FalcoConfig['webserver'] = {
    enabled: doc.bool('webserver.enabled', false),
    threadiness: doc.int('webserver.threadiness', 'uint32', 0),
    listenPort: doc.int('webserver.listen_port', 'uint32', 8765),
    listenAddress,
    k8sHealthzEndpoint: '/healthz',
    sslEnabled: false,
    sslCertificate: FALCO_DEFAULT_SSL_CERTIFICATE,
    prometheusMetricsEnabled: false,
  };
  if (!isIpAddress(listenAddress)) {
    throw readingError(`webserver listen address "${listenAddress}" is not a valid IP address`, 'webserver.listen_address');
  }
  webserver.k8sHealthzEndpoint = doc.string('webserver.k8s_healthz_endpoint', '/healthz');
  webserver.sslEnabled = doc.bool('webserver.ssl_enabled', false);
  webserver.sslCertificate = doc.string('webserver.ssl_certificate', FALCO_DEFAULT_SSL_CERTIFICATE);
  if (webserver.threadiness === 0) webserver.threadiness = availableParallelism();
  webserver.prometheusMetricsEnabled = doc.bool('webserver.prometheus_metrics_enabled', false);

  const actions: SyscallDropAction[] = [];
  for (const act of doc.strings('syscall_event_drops.actions')) {
    if (act === 'ignore') {
      if (!actions.includes('ignore')) actions.push('ignore');
    } else if (act === 'log' || act === 'alert') {
      if (actions.includes('ignore')) {
        throw readingError(`syscall event drop action "${act}" does not make sense with the "ignore" action`, 'syscall_event_drops.actions');
      }
      if (!actions.includes(act)) actions.push(act);
    } else if (act === 'exit') {
      if (!actions.includes('exit')) actions.push('exit');
    } else {
      throw readingError(`available actions for syscall event drops are "ignore", "log", "alert", and "exit"`, 'syscall_event_drops.actions');
    }
  }
  if (actions.length === 0) actions.push('ignore');
  const threshold = doc.double('syscall_event_drops.threshold', 0.1);
  if (!(threshold >= 0 && threshold <= 1)) {
    throw readingError('syscall event drops threshold must be a double in the range [0, 1]', 'syscall_event_drops.threshold');
  }
  const syscallEventDrops: FalcoConfig['syscallEventDrops'] = {
    actions,
    threshold,
    rate: doc.double('syscall_event_drops.rate', 0.03333),
    maxBurst: doc.double('syscall_event_drops.max_burst', 1),
    simulateDrops: doc.bool('syscall_event_drops.simulate_drops', false),
  };
  const maxConsecutives = doc.int('syscall_event_timeouts.max_consecutives', 'uint32', 1000);
  if (maxConsecutives === 0) {
    throw keyError(
      `Error reading config file(${configName}): the maximum consecutive timeouts without an event must be an unsigned integer > 0`,
      'syscall_event_timeouts.max_consecutives');
  }

  const falcoLibs: FalcoConfig['falcoLibs'] = {
    threadTableSize: doc.int('falco_libs.thread_table_size', 'uint32', DEFAULT_THREAD_TABLE_SIZE),
    threadTableAutoPurgingIntervalS: doc.int('falco_libs.thread_table_auto_purging_interval_s', 'uint32', DEFAULT_PURGING_INTERVAL_S),
    threadTableAutoPurgingThreadTimeoutS: doc.int('falco_libs.thread_table_auto_purging_thread_timeout_s', 'uint32', DEFAULT_PURGING_INTERVAL_S),
    snaplen: doc.int('falco_libs.snaplen', 'uint64', 0),
  };

  const customSet = [...new Set(doc.strings('base_syscalls.custom_set'))];
  const baseSyscalls = {
    customSet,
    repair: doc.bool('base_syscalls.repair', false),
    all: doc.bool('base_syscalls.all', false),
  };

  const interval = doc.string('metrics.interval', '5000');
  const metrics: FalcoConfig['metrics'] = {
    enabled: doc.bool('metrics.enabled', false),
    interval,
    intervalMs: parsePrometheusInterval(interval),
    outputRule: doc.bool('metrics.output_rule', false),
    outputFile: doc.string('metrics.output_file', ''),
    rulesCountersEnabled: doc.bool('metrics.rules_counters_enabled', true),
    resourceUtilizationEnabled: doc.bool('metrics.resource_utilization_enabled', true),
    stateCountersEnabled: doc.bool('metrics.state_counters_enabled', true),
    kernelEventCountersEnabled: doc.bool('metrics.kernel_event_counters_enabled', true),
    kernelEventCountersPerCpuEnabled: doc.bool('metrics.kernel_event_counters_per_cpu_enabled', true),
    libbpfStatsEnabled: doc.bool('metrics.libbpf_stats_enabled', true),
    pluginsMetricsEnabled: doc.bool('metrics.plugins_metrics_enabled', true),
    kernelIterEventCountersEnabled: doc.bool('metrics.kernel_iter_event_counters_enabled', true),
    jemallocStatsEnabled: doc.bool('metrics.jemalloc_stats_enabled', true),
    convertMemoryToMb: doc.bool('metrics.convert_memory_to_mb', true),
    includeEmptyValues: doc.bool('metrics.include_empty_values', false),
  };

  const capture = readCaptureConfig(doc, readingError);

  const pluginsHostinfo = doc.bool('plugins_hostinfo', true);

  const rules = doc.items('rules').map((n, i) => decodeRuleSelection(n, `rules[${i}]`));
  const appendOutput = doc.items('append_output').map((n, i) => decodeAppendOutput(n, `append_output[${i}]`));
  for (const entry of appendOutput) {
    if (entry.match.rule !== '' && entry.match.tags.length > 0) {
      const tagList = entry.match.tags.join(', ');
      warnings.push(
        `An append_ouptut entry specifies both a rule (${entry.match.rule}) and a list of tags (${tagList}). ` +
        `This means that output will be appended only to the ${entry.match.rule} rule and only if it has all the tags: ${tagList}.`);
    }
  }

  const staticFields = readStaticFields(doc);

  const loadPluginsDefined = doc.has('load_plugins');
  const loadPlugins = doc.strings('load_plugins');
  let configured: PluginConfig[] = [];
  if (doc.has('plugins')) {
    try {
      configured = doc.items('plugins').map((n, i) => decodePlugin(n, `plugins[${i}]`));
    } catch (err) {
      const e = err as ConfigError;
      throw new ConfigError(`Error reading config file(${configName}): could not load plugins config: ${e.message}`,
        { file: e.file ?? configName, ...(e.line ? { line: e.line } : {}), ...(e.column ? { column: e.column } : {}), key: e.key ?? 'plugins' });
    }
  }
  let plugins: PluginConfig[];
  if (!loadPluginsDefined) {
    plugins = configured;
  } else {
    plugins = loadPlugins.map((name) => {
      const found = configured.find((p) => p.name === name);
      if (!found) throw keyError(`Cannot load plugin '${name}': plugin config not found for given name`, 'load_plugins');
      return found;
    });
  }

  const configFiles = readConfigFiles(doc);

  return {
    configFiles,
    watchConfigFiles: doc.bool('watch_config_files', true),
    rulesFiles,
    rules,
    engine,
    capture,
    loadPlugins: loadPluginsDefined ? loadPlugins : null,
    plugins,
    pluginsHostinfo,
    timeFormatIso8601,
    bufferFormatBase64,
    priority,
    jsonOutput,
    jsonIncludeOutputProperty,
    jsonIncludeMessageProperty,
    jsonIncludeOutputFieldsProperty,
    jsonIncludeTagsProperty,
    bufferedOutputs,
    ruleMatching,
    outputsQueue: { capacity },
    appendOutput,
    staticFields,
    stdoutOutput,
    syslogOutput,
    fileOutput,
    programOutput,
    httpOutput,
    outputTimeout,
    webserver,
    logLevel: logLevel as LogLevel,
    logStderr: doc.bool('log_stderr', false),
    logSyslog: doc.bool('log_syslog', true),
    libsLogger: { enabled: libsEnabled, severity: (LIBS_SEVERITIES.includes(libsSeverity as LibsLogSeverity) ? libsSeverity : 'info') as LibsLogSeverity },
    syscallEventDrops,
    syscallEventTimeouts: { maxConsecutives },
    metrics,
    baseSyscalls,
    falcoLibs,
  };
}
