/**
 * The steps that print information and exit: help, schemas, version, page
 * size, plugins, fields, support. Each returns an exit status when it
 * handled the command line, or undefined to let startup continue.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname, machine, release, type as osType, version as osVersion } from 'node:os';
import type { YamlValue } from '../config/node.js';
import { CONFIG_SCHEMA } from '../config/schema.js';
import { classesForListing, formatFieldList } from '../fields/list-format.js';
import { catalogForSource, sourceFieldClasses } from '../fields/catalog.js';
import { BUILTIN_PLUGINS } from '../rules/loader/capabilities.js';
import { Fatal } from './fatal.js';
import { formatHelp } from './help.js';
import type { AppState } from './state.js';
import { formatVersionJson, formatVersionText, versionInfo, versionJson } from './version.js';

export type StepResult = number | undefined;

function builtinPluginVersions(): Record<string, string> {
  return Object.fromEntries(BUILTIN_PLUGINS.map((p) => [p.name, p.version]));
}

export function printHelp(state: AppState): StepResult {
  if (!state.options.help) return undefined;
  state.io.stdout(formatHelp());
  return 0;
}

export function printConfigSchema(state: AppState): StepResult {
  if (!state.options.printConfigSchema) return undefined;
  // Falco prints the schema without a final line break.
  state.io.stdout(JSON.stringify(CONFIG_SCHEMA, null, 2));
  return 0;
}

export function printVersion(state: AppState): StepResult {
  if (!state.options.printVersion) return undefined;
  const info = versionInfo(builtinPluginVersions());
  state.io.stdout(state.loaded?.config.jsonOutput ? formatVersionJson(info) : formatVersionText(info));
  return 0;
}

/** The memory page size, as `getconf` reports it. */
export function systemPageSize(): number | undefined {
  const r = spawnSync('getconf', ['PAGESIZE'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return r.status === 0 && Number.isInteger(n) && n > 0 ? n : undefined;
}

export function printPageSize(state: AppState): StepResult {
  if (!state.options.printPageSize) return undefined;
  const size = systemPageSize();
  if (size === undefined) throw new Fatal("\nUnable to get the system page size through 'getpagesize()'\n");
  // Falco reports it through its log, not on stdout.
  state.log.info(`Your system page size is: ${size} bytes`);
  return 0;
}

/**
 * Plugins: falconet loads no plugin libraries; the plugins whose features it
 * has built in (the container plugin) are accepted in the configuration.
 */
export function checkPlugins(state: AppState): void {
  const builtin = new Set(BUILTIN_PLUGINS.map((p) => p.name));
  for (const p of state.loaded!.config.plugins) {
    if (builtin.has(p.name)) {
      state.log.info(`Plugin '${p.name}' is built into falconet: ${p.libraryPath} is not loaded`);
      continue;
    }
    throw new Fatal(`cannot load plugin '${p.name}' (${p.libraryPath}): falconet does not load plugin libraries and has no built-in replacement for it`);
  }
}

function describeBuiltinPlugin(name: string): string {
  const version = BUILTIN_PLUGINS.find((p) => p.name === name)?.version ?? '';
  return [
    `Name: ${name}`,
    `Description: built into falconet (fields computed from the syscall source's state)`,
    'Contact: https://github.com/falcosecurity/plugins (original plugin)',
    `Version: ${version}`,
    'Capabilities: ',
    '  - Field Extraction',
    '',
  ].join('\n');
}

export function printPluginInfo(state: AppState): StepResult {
  const wanted = state.options.pluginInfo;
  if (wanted === '') return undefined;
  const config = state.loaded!.config;
  const builtin = new Set(BUILTIN_PLUGINS.map((p) => p.name));
  for (const p of config.plugins) {
    if (p.name !== wanted && p.libraryPath !== wanted) continue;
    if (!builtin.has(p.name)) {
      throw new Fatal(`cannot load plugin '${p.name}' (${p.libraryPath}): falconet does not load plugin libraries and has no built-in replacement for it`);
    }
    state.io.stdout(`${describeBuiltinPlugin(p.name)}\n`);
    return 0;
  }
  // Like Falco, an unknown name is not an error: startup goes on.
  return undefined;
}

export function listPlugins(state: AppState): StepResult {
  if (!state.options.listPlugins) return undefined;
  const plugins = state.loaded!.config.plugins;
  checkPlugins(state);
  const body = plugins.map((p) => `${describeBuiltinPlugin(p.name)}\n`).join('');
  state.io.stdout(`${plugins.length} Plugins Loaded:\n\n${body}\n`);
  return 0;
}

export function listFields(state: AppState): StepResult {
  const { options } = state;
  if (!options.listFields) return undefined;
  if (options.listSource !== '' && catalogForSource(options.listSource) === undefined) {
    throw new Fatal('Value for --list must be a valid source type');
  }
  const classes = classesForListing(sourceFieldClasses(), options.listSource);
  state.io.stdout(formatFieldList(classes, { verbose: options.verbose, format: options.outputFormat, namesOnly: options.namesOnly }));
  return 0;
}

/**
 * The configuration as Falco's `--support` shows it: YAML in flow style with
 * every scalar double-quoted (`{"engine": {"kind": "modern_ebpf"}, ...}`).
 */
export function flowYaml(value: YamlValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(flowYaml).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${flowYaml(v)}`).join(', ')}}`;
}

/** `--support`: versions, system, command line, configuration and the rules files' contents, as one JSON line. */
export function printSupport(state: AppState): StepResult {
  if (!state.options.printSupport) return undefined;
  const info = versionInfo(builtinPluginVersions());
  const support = {
    cmdline: state.cmdline,
    config: flowYaml(state.loaded!.document.toPlain()),
    engine_info: versionJson(info),
    rules_files: state.loadedRulesFiles.map((name) => {
      let content = '';
      try {
        content = readFileSync(name, 'utf8');
      } catch {
        // Falco prints an empty content for a file it cannot read here.
      }
      return { name, variants: [{ content }] };
    }),
    system_info: { machine: machine(), nodename: hostname(), release: release(), sysname: osType(), version: osVersion() },
    version: info.falcoVersion,
  };
  state.io.stdout(JSON.stringify(support) + '\n');
  return 0;
}
