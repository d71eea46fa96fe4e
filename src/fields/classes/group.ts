import type { FieldInfo } from '../types.js';
import { field } from './define.js';

/**
 * Fields of the `group` class, in `--list` order.
 * Names, types, flags and print formats are libsinsp 0.25.4's (Falco 0.44.1);
 * descriptions are falconet's own.
 */
export const groupFields: FieldInfo[] = [
  field('group.gid', 'UINT32',
    'Id of the group.',
    { format: 'id' }),
  field('group.name', 'CHARBUF',
    'Name of the group.'),
];
