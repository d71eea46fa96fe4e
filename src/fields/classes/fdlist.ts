import type { FieldInfo } from '../types.js';
import { field } from './define.js';

/**
 * Fields of the `fdlist` class (poll events), in `--list` order.
 * Names, types, flags and print formats are libsinsp 0.25.4's (Falco 0.44.1);
 * descriptions are falconet's own.
 */
export const fdListFields: FieldInfo[] = [
  field('fdlist.nums', 'CHARBUF',
    'For poll events, the numbers of the polled file descriptors, comma-separated.',
    { format: 'id' }),
  field('fdlist.names', 'CHARBUF',
    'For poll events, the names of the polled file descriptors, comma-separated.'),
  field('fdlist.cips', 'CHARBUF',
    'For poll events, the client IP addresses of the polled file descriptors, comma-separated.'),
  field('fdlist.sips', 'CHARBUF',
    'For poll events, the server IP addresses of the polled file descriptors, comma-separated.'),
  field('fdlist.cports', 'CHARBUF',
    'For poll events, the client ports of the polled TCP and UDP file descriptors, comma-separated.',
    { format: 'dec' }),
  field('fdlist.sports', 'CHARBUF',
    'For poll events, the server ports of the polled TCP and UDP file descriptors, comma-separated.',
    { format: 'dec' }),
];
