import type { FieldInfo } from '../types.js';
import { field } from './define.js';

/**
 * Fields of the `user` class, in `--list` order.
 * Names, types, flags and print formats are libsinsp 0.25.4's (Falco 0.44.1);
 * descriptions are falconet's own.
 */
export const userFields: FieldInfo[] = [
  field('user.uid', 'UINT32',
    'Id of the user.',
    { format: 'id' }),
  field('user.name', 'CHARBUF',
    'Name of the user.'),
  field('user.homedir', 'CHARBUF',
    'Home directory of the user.'),
  field('user.shell', 'CHARBUF',
    'Login shell of the user.'),
  field('user.loginuid', 'INT64',
    "Audit login user id (auid), given as -1 when unset (the kernel's 32-bit all-ones value) so that usual comparisons work.",
    { format: 'id' }),
  field('user.loginname', 'CHARBUF',
    'Name of the audit login user (auid).'),
];
