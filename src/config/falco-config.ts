/**
 * The typed configuration falconet runs with: the keys of falco.yaml, each
 * with Falco's built-in default (what applies when the key is absent from
 * every file). Field comments name the YAML key.
 */

/** `engine.kind`. falconet implements `modern_ebpf` (live) and `replay`; `kmod` is Falco's built-in default. */
export type EngineKind = 'kmod' | 'modern_ebpf' | 'replay' | 'nodriver';

export type RuleMatching = 'first' | 'all';
export type LogLevel = 'emergency' | 'alert' | 'critical' | 'error' | 'warning' | 'notice' | 'info' | 'debug';
export type LibsLogSeverity = 'fatal' | 'critical' | 'error' | 'warning' | 'notice' | 'info' | 'debug' | 'trace';
export type SyscallDropAction = 'ignore' | 'log' | 'alert' | 'exit';
export type CaptureMode = 'rules' | 'all_rules';
/** How an included file is merged (`config_files[].strategy`). */
export type IncludeStrategy = 'append' | 'override' | 'add-only';

/** One entry of `rules:`: enable or disable rules by name (wildcards) and/or by tag. */
export interface RuleSelection {
  op: 'enable' | 'disable';
  /** Rule name pattern (`*` wildcards), or '' when the entry selects by tag. */
  rule: string;
  /** Tag, or '' when the entry selects by rule name. */
  tag: string;
}

/** One entry of `append_output:`. Empty match fields match everything. */
export interface AppendOutput {
  match: { source: string; tags: string[]; rule: string };
  /** `extra_output`: text appended to the output line ('' = none). */
  extraOutput: string;
  /** `extra_fields` written `name: format`: added to output_fields, formatted. */
  formattedFields: Record<string, string>;
  /** `extra_fields` written as a bare field name: added to output_fields as raw values. */
  rawFields: string[];
  /** `suggested_output`: append the fields each source suggests. */
  suggestedOutput: boolean;
}

export interface ConfigFileInclude {
  path: string;
  strategy: IncludeStrategy;
}

export interface PluginConfig {
  name: string;
  /** As written, or resolved against Falco's plugins directory when relative. */
  libraryPath: string;
  /** A YAML map init_config is turned into a JSON string, as Falco does. */
  initConfig: string;
  openParams: string;
}

export interface HttpOutputConfig {
  enabled: boolean;
  url: string;
  userAgent: string;
  insecure: boolean;
  caCert: string;
  caBundle: string;
  caPath: string;
  mtls: boolean;
  clientCert: string;
  clientKey: string;
  echo: boolean;
  compressUploads: boolean;
  keepAlive: boolean;
  maxConsecutiveTimeouts: number;
}

export interface FalcoConfig {
  /** `config_files`: the includes as written (files that do not exist are skipped when merging). */
  configFiles: ConfigFileInclude[];
  /** `watch_config_files` */
  watchConfigFiles: boolean;
  /** `rules_files` (or the deprecated `rules_file`): only the entries that exist on disk, as Falco keeps them. */
  rulesFiles: string[];
  /** `rules`: enable/disable selection, applied in order after loading. */
  rules: RuleSelection[];
  engine: {
    kind: EngineKind;
    kmod: { bufSizePreset: number; dropFailedExit: boolean };
    modernEbpf: { cpusForEachBuffer: number; bufSizePreset: number; dropFailedExit: boolean; disableIterators: boolean };
    replay: { captureFile: string };
  };
  capture: {
    enabled: boolean;
    pathPrefix: string;
    mode: CaptureMode;
    /** `capture.default_duration` in milliseconds. */
    defaultDurationMs: number;
    /** `capture.max_file_size_mb`; 0 = unlimited. */
    maxFileSizeMb: number;
  };
  /** `load_plugins`: null when the key is absent (then every configured plugin is loaded). */
  loadPlugins: string[] | null;
  /** The plugins to load: `plugins` filtered and ordered by `load_plugins`. */
  plugins: PluginConfig[];
  pluginsHostinfo: boolean;
  timeFormatIso8601: boolean;
  bufferFormatBase64: boolean;
  /**
   * `priority`: the least severe rule priority that is loaded, as Falco's
   * number (0 Emergency ... 7 Debug; see src/rules/loader/priority.ts).
   */
  priority: number;
  jsonOutput: boolean;
  jsonIncludeOutputProperty: boolean;
  jsonIncludeMessageProperty: boolean;
  jsonIncludeOutputFieldsProperty: boolean;
  jsonIncludeTagsProperty: boolean;
  bufferedOutputs: boolean;
  ruleMatching: RuleMatching;
  /** `outputs_queue.capacity`: 0 means unbounded. */
  outputsQueue: { capacity: number };
  appendOutput: AppendOutput[];
  staticFields: Record<string, string>;
  stdoutOutput: { enabled: boolean };
  syslogOutput: { enabled: boolean };
  /** `file_output.keep_alive` is read as text by Falco ("true"/"false"/...). */
  fileOutput: { enabled: boolean; filename: string; keepAlive: boolean };
  programOutput: { enabled: boolean; program: string; keepAlive: boolean };
  httpOutput: HttpOutputConfig;
  /** `output_timeout` in milliseconds. */
  outputTimeout: number;
  webserver: {
    enabled: boolean;
    /** 0 in the file means "number of CPUs"; this is the resolved count. */
    threadiness: number;
    listenPort: number;
    listenAddress: string;
    k8sHealthzEndpoint: string;
    sslEnabled: boolean;
    sslCertificate: string;
    prometheusMetricsEnabled: boolean;
  };
  logLevel: LogLevel;
  logStderr: boolean;
  logSyslog: boolean;
  libsLogger: { enabled: boolean; severity: LibsLogSeverity };
  syscallEventDrops: {
    actions: SyscallDropAction[];
    threshold: number;
    rate: number;
    maxBurst: number;
    simulateDrops: boolean;
  };
  syscallEventTimeouts: { maxConsecutives: number };
  metrics: {
    enabled: boolean;
    /** `metrics.interval` as written (a Prometheus duration such as "1h" or "30s"). */
    interval: string;
    /** The interval in milliseconds (0 when it does not parse). */
    intervalMs: number;
    outputRule: boolean;
    outputFile: string;
    rulesCountersEnabled: boolean;
    resourceUtilizationEnabled: boolean;
    stateCountersEnabled: boolean;
    kernelEventCountersEnabled: boolean;
    kernelEventCountersPerCpuEnabled: boolean;
    libbpfStatsEnabled: boolean;
    pluginsMetricsEnabled: boolean;
    kernelIterEventCountersEnabled: boolean;
    jemallocStatsEnabled: boolean;
    convertMemoryToMb: boolean;
    includeEmptyValues: boolean;
  };
  baseSyscalls: { customSet: string[]; repair: boolean; all: boolean };
  falcoLibs: {
    threadTableSize: number;
    threadTableAutoPurgingIntervalS: number;
    threadTableAutoPurgingThreadTimeoutS: number;
    /** 0 = let the engine choose (80 bytes). */
    snaplen: number;
  };
}

/** Falco's built-in `webserver.ssl_certificate` and plugin directory (facts of its install layout). */
export const FALCO_DEFAULT_SSL_CERTIFICATE = '/etc/falco/falco.pem';
export const FALCO_PLUGINS_DIR = '/usr/share/falco/plugins/';
