/**
 * The field classes of the `syscall` source, in the order Falco 0.44.1 knows
 * them (this order decides both `--list` output and name resolution), plus the
 * fields of the `container` plugin that Falco loads and falconet provides natively.
 */
import type { FieldClass } from './types.js';
import { genericEventFields, syscallEventFields } from './classes/evt.js';
import { processFields } from './classes/process.js';
import { userFields } from './classes/user.js';
import { groupFields } from './classes/group.js';
import { fdFields } from './classes/fd.js';
import { fsPathFields } from './classes/fspath.js';
import { utilFields } from './classes/util.js';
import { fdListFields } from './classes/fdlist.js';
import { containerPluginContainerFields } from './classes/container.js';
import { containerPluginK8sFields } from './classes/k8s.js';

const SYSCALL = ['syscall'];

/** libsinsp's own classes for syscall events, in libsinsp's order (the hidden `util` class included). */
export const nativeSyscallFieldClasses: readonly FieldClass[] = [
  {
    name: 'evt', qualifier: 'All event types', sources: SYSCALL,
    description: 'Fields that every event has, whatever source it comes from.',
    fields: genericEventFields,
  },
  {
    name: 'evt', qualifier: 'Syscall events only', sources: SYSCALL,
    description: 'Fields of syscall events; the parameters of each syscall are reachable one by one through evt.arg, for example evt.arg.filename.',
    fields: syscallEventFields,
  },
  {
    name: 'process', sources: SYSCALL,
    description: 'The process and the thread that made the syscall.',
    fields: processFields,
  },
  {
    name: 'user', sources: SYSCALL,
    description: 'The user on whose behalf the process runs.',
    fields: userFields,
  },
  {
    name: 'group', sources: SYSCALL,
    description: 'The group on whose behalf the process runs.',
    fields: groupFields,
  },
  {
    name: 'fd', sources: SYSCALL,
    description: 'The file descriptor that the syscall takes or returns, set for every syscall that has one.',
    fields: fdFields,
  },
  {
    name: 'fs.path', sources: SYSCALL,
    description: 'The filesystem paths that the syscall takes, including syscalls such as unlink or rename that act on paths rather than on open file descriptors.',
    fields: fsPathFields,
  },
  {
    name: 'util', sources: SYSCALL, hidden: true,
    description: 'Utility fields.',
    fields: utilFields,
  },
  {
    name: 'fdlist', sources: SYSCALL,
    description: 'The file descriptors that a poll event watches.',
    fields: fdListFields,
  },
];

/** Name of the plugin whose fields falconet provides natively. */
export const CONTAINER_PLUGIN_NAME = 'container';

/**
 * Version of the `container` plugin whose field table falconet implements
 * (falcosecurity/plugins, plugins/container; the official rules require >= 0.4.0).
 */
export const CONTAINER_PLUGIN_VERSION = '0.7.1';

/**
 * The container plugin's fields as Falco lists them: one class named after the
 * plugin, without description or qualifier, in the plugin's declaration order.
 */
export const containerPluginFieldClass: FieldClass = {
  name: `${CONTAINER_PLUGIN_NAME} (plugin)`,
  plugin: CONTAINER_PLUGIN_NAME,
  description: '',
  sources: SYSCALL,
  fields: [...containerPluginContainerFields, ...containerPluginK8sFields],
};

/** Everything a `syscall` rule can use: native classes, then plugin classes (Falco adds plugin checks last). */
export const syscallFieldClasses: readonly FieldClass[] = [...nativeSyscallFieldClasses, containerPluginFieldClass];
