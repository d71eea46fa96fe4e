/**
 * Extractors of the `group` class: the group the event's thread runs as,
 * looked up by gid in the account table of the thread (see accountTableOf
 * in ./user.ts); gid 0 is `root` even when no group table names it, other
 * unknown groups are `<NA>` (Falco 0.44.1).
 */
import type { ResolvedField } from '../types.js';
import type { ClassExtractorBuilder, SyscallExtractor } from './class-extractor.js';
import { printableText } from './process-printable.js';
import { accountTableOf } from './user.js';

function build(field: ResolvedField): SyscallExtractor | undefined {
  switch (field.info.name) {
    case 'group.gid':
      return (ev) => ev.thread?.gid;
    case 'group.name':
      return (ev) => {
        const t = ev.thread;
        if (t === undefined) return undefined;
        return ev.state.users.getGroup(accountTableOf(t), t.gid)?.name ?? (t.gid === 0 ? 'root' : '<NA>');
      };
    default:
      return undefined;
  }
}

export const groupExtractor: ClassExtractorBuilder = (field) => printableText(field, build(field));
