/**
 * Version information. `--version` prints falconet's own version, then the
 * block Falco prints, filled with the versions falconet implements: Falco
 * 0.44.1's behaviour, rules engine 0.62.0, the event format of libs 0.25.4
 * (driver API 10.0.0, schema 4.3.0). falconet loads no plugin libraries and
 * ships no Falco driver, so those two entries are "n/a".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FALCONET_HOME } from './home.js';

export const FALCO_COMPAT_VERSION = '0.44.1';
export const ENGINE_VERSION = '0.62.0';
export const LIBS_VERSION = '0.25.4';
export const DRIVER_API_VERSION = '10.0.0';
export const DRIVER_SCHEMA_VERSION = '4.3.0';
export const NOT_AVAILABLE = 'n/a';

export interface VersionInfo {
  falconetVersion: string;
  falcoVersion: string;
  libsVersion: string;
  pluginApiVersion: string;
  engineVersion: string;
  driverApiVersion: string;
  driverSchemaVersion: string;
  defaultDriverVersion: string;
  /** Versions of loaded plugins by name (built-in replacements included). */
  pluginVersions: Record<string, string>;
}

/** falconet's version, from the package.json of its installation. */
export function falconetVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(FALCONET_HOME, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function versionInfo(pluginVersions: Record<string, string> = {}): VersionInfo {
  return {
    falconetVersion: falconetVersion(),
    falcoVersion: FALCO_COMPAT_VERSION,
    libsVersion: LIBS_VERSION,
    pluginApiVersion: NOT_AVAILABLE,
    engineVersion: ENGINE_VERSION,
    driverApiVersion: DRIVER_API_VERSION,
    driverSchemaVersion: DRIVER_SCHEMA_VERSION,
    defaultDriverVersion: NOT_AVAILABLE,
    pluginVersions,
  };
}

export function formatVersionText(info: VersionInfo): string {
  return [
    `falconet version: ${info.falconetVersion}`,
    `Falco version: ${info.falcoVersion}`,
    `Libs version:  ${info.libsVersion}`,
    `Plugin API:    ${info.pluginApiVersion}`,
    `Engine:        ${info.engineVersion}`,
    'Driver:',
    `  API version:    ${info.driverApiVersion}`,
    `  Schema version: ${info.driverSchemaVersion}`,
    `  Default driver: ${info.defaultDriverVersion}`,
  ].join('\n') + '\n';
}

/**
 * The JSON object Falco prints with json_output (keys sorted, as its JSON
 * library keeps them), plus `falconet_version`. `engine_version` is the
 * engine's minor number alone, kept by Falco for older tools.
 */
export function versionJson(info: VersionInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {
    default_driver_version: info.defaultDriverVersion,
    driver_api_version: info.driverApiVersion,
    driver_schema_version: info.driverSchemaVersion,
    engine_version: String(Number(info.engineVersion.split('.')[1])),
    engine_version_semver: info.engineVersion,
    falco_version: info.falcoVersion,
    falconet_version: info.falconetVersion,
    libs_version: info.libsVersion,
    plugin_api_version: info.pluginApiVersion,
  };
  const names = Object.keys(info.pluginVersions).sort();
  if (names.length > 0) out.plugin_versions = Object.fromEntries(names.map((n) => [n, info.pluginVersions[n]]));
  return out;
}

export function formatVersionJson(info: VersionInfo): string {
  return JSON.stringify(versionJson(info)) + '\n';
}
