import type { FieldInfo } from '../types.js';
import { field } from './define.js';

/**
 * Fields of the `fs.path` class, in `--list` order.
 * Names, types, flags and print formats are libsinsp 0.25.4's (Falco 0.44.1);
 * descriptions are falconet's own.
 */
export const fsPathFields: FieldInfo[] = [
  field('fs.path.name', 'CHARBUF',
    'Path the syscall works on, made absolute with the working directory of the thread when needed.'),
  field('fs.path.nameraw', 'CHARBUF',
    'Path the syscall works on, exactly as passed to it and thus maybe relative.'),
  field('fs.path.source', 'CHARBUF',
    'Source path of syscalls that take a source and a target (such as rename or link), made absolute with the working directory of the thread when needed.'),
  field('fs.path.sourceraw', 'CHARBUF',
    'Source path of syscalls that take a source and a target (such as rename or link), exactly as passed to them.'),
  field('fs.path.target', 'CHARBUF',
    'Target path of syscalls that take a source and a target (such as rename or link), made absolute with the working directory of the thread when needed.'),
  field('fs.path.targetraw', 'CHARBUF',
    'Target path of syscalls that take a source and a target (such as rename or link), exactly as passed to them.'),
];
