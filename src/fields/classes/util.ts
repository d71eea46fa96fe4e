import type { FieldInfo } from '../types.js';
import { field } from './define.js';

/**
 * Fields of libsinsp's hidden `util` class: never listed, still accepted in conditions.
 * Names, types, flags and print formats are libsinsp 0.25.4's (Falco 0.44.1);
 * descriptions are falconet's own.
 */
export const utilFields: FieldInfo[] = [
  field('util.cnt', 'UINT64',
    'Counter that grows by one each time it is read.',
    { format: 'id' }),
];
