/**
 * Plugins whose capabilities falconet provides natively. Rules files declare
 * `required_plugin_versions`; Falco checks them against the plugins it has
 * loaded. falconet's syscall source computes the `container` plugin's fields
 * itself, so a requirement on `container` is met by this table, at the
 * version of the container plugin whose fields src/fields implements.
 */
import { CONTAINER_PLUGIN_NAME, CONTAINER_PLUGIN_VERSION } from '../../fields/syscall-fields.js';
import { isCompatible, parseVersion } from './version.js';
import type { PluginRequirementAlternatives } from './definitions.js';

export interface ProvidedPlugin {
  name: string;
  version: string;
}

export const BUILTIN_PLUGINS: readonly ProvidedPlugin[] = [{ name: CONTAINER_PLUGIN_NAME, version: CONTAINER_PLUGIN_VERSION }];

/**
 * Falco's plugin requirement check: for each requirement, the first
 * alternative whose plugin is present decides (compatible or an error);
 * none present is "not satisfied". Returns Falco's error text, or undefined.
 */
export function unmetPluginRequirement(
  requirements: readonly PluginRequirementAlternatives[],
  plugins: readonly ProvidedPlugin[],
): string | undefined {
  for (const req of requirements) {
    let decided: string | true | undefined;
    for (const alt of req.alternatives) {
      const plugin = plugins.find((p) => p.name === alt.name);
      if (!plugin) continue;
      const have = parseVersion(plugin.version);
      if (!have.valid) decided = `Plugin '${plugin.name}' has invalid version string '${plugin.version}'`;
      else if (!isCompatible(have, parseVersion(alt.version))) {
        decided = `Plugin '${plugin.name}' version '${plugin.version}' is not compatible with required plugin version '${alt.version}'`;
      } else decided = true;
      break;
    }
    if (decided === true) continue;
    if (decided !== undefined) return decided;
    const wanted = req.alternatives.map((a) => `${a.name} (>= ${a.version})`).join(', ');
    return `Plugin requirement not satisfied, must load one of: ${wanted}`;
  }
  return undefined;
}
