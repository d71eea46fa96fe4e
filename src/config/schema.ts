/**
 * The JSON schema of falco.yaml as falconet understands it (`--config-schema`
 * prints it; configuration files are checked against it and a mismatch is a
 * warning, never an error, as in Falco). Structure follows Falco's schema:
 * draft-06, one definition per block, no unknown keys.
 */

export interface JsonSchema {
  $schema?: string;
  $ref?: string;
  description?: string;
  type?: 'object' | 'array' | 'string' | 'boolean' | 'integer' | 'number' | 'null';
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  items?: JsonSchema;
  enum?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
}

const bool: JsonSchema = { type: 'boolean' };
const int: JsonSchema = { type: 'integer' };
const num: JsonSchema = { type: 'number' };
const str: JsonSchema = { type: 'string' };
const strings: JsonSchema = { type: 'array', items: str };
const ref = (name: string): JsonSchema => ({ $ref: `#/definitions/${name}` });
const block = (description: string, properties: Record<string, JsonSchema>, required?: string[]): JsonSchema => ({
  type: 'object',
  description,
  additionalProperties: false,
  properties,
  ...(required ? { required } : {}),
});

export const CONFIG_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-06/schema#',
  $ref: '#/definitions/FalcoConfig',
  definitions: {
    FalcoConfig: block('A falco.yaml configuration file (falconet reads the same format).', {
      append_output: { type: 'array', items: ref('AppendOutput') },
      static_fields: { type: 'object', description: 'Extra fields with constant values, usable in outputs.' },
      config_files: {
        type: 'array',
        items: {
          oneOf: [
            str,
            {
              type: 'object',
              properties: { path: str, strategy: { type: 'string', enum: ['append', 'override', 'add-only'] } },
              required: ['path'],
            },
          ],
        },
      },
      watch_config_files: bool,
      plugins_hostinfo: bool,
      rules_files: strings,
      rule_files: strings,
      rules: { type: 'array', items: ref('Rule') },
      engine: ref('Engine'),
      capture: ref('Capture'),
      load_plugins: strings,
      plugins: { type: 'array', items: ref('Plugin') },
      time_format_iso_8601: bool,
      buffer_format_base64: bool,
      priority: str,
      json_output: bool,
      json_include_output_property: bool,
      json_include_message_property: bool,
      json_include_output_fields_property: bool,
      json_include_tags_property: bool,
      buffered_outputs: bool,
      rule_matching: str,
      outputs_queue: ref('OutputsQueue'),
      stdout_output: ref('Output'),
      syslog_output: ref('Output'),
      file_output: ref('FileOutput'),
      http_output: ref('HTTPOutput'),
      program_output: ref('ProgramOutput'),
      webserver: ref('Webserver'),
      log_stderr: bool,
      log_syslog: bool,
      log_level: str,
      libs_logger: ref('LibsLogger'),
      output_timeout: int,
      syscall_event_timeouts: ref('SyscallEventTimeouts'),
      syscall_event_drops: ref('SyscallEventDrops'),
      metrics: ref('Metrics'),
      base_syscalls: ref('BaseSyscalls'),
      falco_libs: ref('FalcoLibs'),
      container_engines: {
        type: 'object',
        properties: {
          docker: { type: 'object', properties: { enabled: bool } },
          cri: { type: 'object', properties: { enabled: bool, sockets: strings, disable_async: bool } },
          podman: { type: 'object', properties: { enabled: bool } },
          lxc: { type: 'object', properties: { enabled: bool } },
          libvirt_lxc: { type: 'object', properties: { enabled: bool } },
          bpm: { type: 'object', properties: { enabled: bool } },
        },
      },
    }),
    AppendOutput: block('Text or fields added to the output of matching rules.', {
      match: { type: 'object', properties: { source: str, tags: strings, rule: str } },
      extra_output: str,
      extra_fields: {
        type: 'array',
        items: { anyOf: [{ type: 'object', additionalProperties: str }, str] },
      },
      suggested_output: bool,
    }),
    Capture: block('Writing capture files around alerts.', {
      enabled: bool,
      path_prefix: str,
      mode: { type: 'string', enum: ['rules', 'all_rules'] },
      default_duration: int,
      max_file_size_mb: int,
    }),
    BaseSyscalls: block('System calls collected in addition to those the rules need.', {
      all: bool,
      custom_set: strings,
      repair: bool,
    }),
    Engine: block('Where syscall events come from.', {
      kind: str,
      kmod: ref('Kmod'),
      modern_ebpf: ref('ModernEbpf'),
      replay: ref('Replay'),
    }, ['kind']),
    Kmod: block('Kernel module driver settings.', { buf_size_preset: int, drop_failed_exit: bool }),
    ModernEbpf: block('Modern eBPF probe settings.', {
      cpus_for_each_buffer: int,
      buf_size_preset: int,
      drop_failed_exit: bool,
      disable_iterators: bool,
    }),
    Replay: block('Replaying a capture file.', { capture_file: str }, ['capture_file']),
    FalcoLibs: block('Event-processing library settings.', {
      thread_table_size: int,
      thread_table_auto_purging_interval_s: int,
      thread_table_auto_purging_thread_timeout_s: int,
      snaplen: int,
    }),
    FileOutput: block('Alerts appended to a file.', { enabled: bool, keep_alive: bool, filename: str }),
    Output: block('An output channel without settings.', { enabled: bool }),
    HTTPOutput: block('Alerts posted to an HTTP endpoint.', {
      enabled: bool,
      url: str,
      user_agent: str,
      insecure: bool,
      ca_cert: str,
      ca_bundle: str,
      ca_path: str,
      mtls: bool,
      client_cert: str,
      client_key: str,
      echo: bool,
      compress_uploads: bool,
      keep_alive: bool,
      max_consecutive_timeouts: int,
    }),
    LibsLogger: block('Log messages of the event-processing library.', { enabled: bool, severity: str }),
    Metrics: block('Periodic internal metrics.', {
      enabled: bool,
      interval: str,
      output_rule: bool,
      output_file: str,
      rules_counters_enabled: bool,
      resource_utilization_enabled: bool,
      state_counters_enabled: bool,
      kernel_event_counters_enabled: bool,
      kernel_event_counters_per_cpu_enabled: bool,
      libbpf_stats_enabled: bool,
      plugins_metrics_enabled: bool,
      kernel_iter_event_counters_enabled: bool,
      convert_memory_to_mb: bool,
      include_empty_values: bool,
      jemalloc_stats_enabled: bool,
    }),
    OutputsQueue: block('The queue between rule matching and the outputs.', { capacity: int }),
    Plugin: block('A plugin to load.', {
      name: str,
      library_path: str,
      init_config: { anyOf: [{ type: 'object' }, str, { type: 'null' }] },
      open_params: str,
    }, ['library_path', 'name']),
    ProgramOutput: block('Alerts piped to a program.', { enabled: bool, keep_alive: bool, program: str }, ['program']),
    Rule: block('Enables or disables rules by name pattern or tag.', { disable: ref('Able'), enable: ref('Able') }),
    Able: block('A rule name (wildcards allowed) or a tag.', { rule: str, tag: str }),
    SyscallEventDrops: block('What to do when the kernel drops events.', {
      threshold: num,
      actions: strings,
      rate: num,
      max_burst: int,
      simulate_drops: bool,
    }),
    SyscallEventTimeouts: block('Alerting when no event arrives for a while.', { max_consecutives: int }),
    Webserver: block('The embedded web server (health, metrics, k8s audit).', {
      enabled: bool,
      threadiness: int,
      listen_port: int,
      listen_address: str,
      k8s_healthz_endpoint: str,
      prometheus_metrics_enabled: bool,
      ssl_enabled: bool,
      ssl_certificate: str,
    }),
  },
};
