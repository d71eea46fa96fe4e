/**
 * Extractors of the fdlist.* fields: for poll and ppoll exits, the fds of
 * the `fds` parameter as comma-separated text (Falco 0.44.1 / libsinsp
 * 0.25.4). The parameter holds a 16-bit count, then per fd a 64-bit number
 * and 16-bit flags. Fds the process does not have (or of another kind)
 * add nothing, not even a comma, except in fdlist.names (`<NA>`) and
 * fdlist.nums; one trailing comma is dropped; an empty result is no value.
 *
 * One libsinsp quirk is kept: an IPv6 server socket's address in
 * fdlist.sips is printed as an IPv4 address made of its first 4 bytes.
 */
import { EventCode } from '../../events/event-table.js';
import { ipv4ToString, ipv6ToString, readI64Big, readU16 } from '../../events/param-decoder.js';
import { FdType, type FdInfo } from '../../state/fd-info.js';
import type { ClassExtractorBuilder, SyscallExtractor } from './class-extractor.js';
import { peekFd } from './fd-context.js';
import type { SyscallEvent } from './syscall-event.js';

const ENTRY_BYTES = 10;

/** The text one fd adds to the list, or undefined for "nothing, no comma". */
type EntryText = (fdNum: bigint, fd: FdInfo | undefined) => string | undefined;

function listExtractor(entry: EntryText): SyscallExtractor {
  return (ev: SyscallEvent) => {
    if (ev.code !== EventCode.SYSCALL_POLL_X && ev.code !== EventCode.SYSCALL_PPOLL_X) return undefined;
    const fds = ev.event.rawParam(1);
    const t = ev.thread;
    if (fds === undefined || t === undefined) return undefined;
    const count = fds.length >= 2 ? readU16(fds, 0) : 0;
    let text = '';
    for (let i = 0, pos = 2; i < count && pos + 8 <= fds.length; i++, pos += ENTRY_BYTES) {
      const n = readI64Big(fds, pos);
      const fd = n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? peekFd(t, Number(n)) : undefined;
      const part = entry(n, fd);
      if (part !== undefined) text += `${part},`;
    }
    if (text.endsWith(',')) text = text.slice(0, -1);
    return text.length === 0 ? undefined : text;
  };
}

function clientIp(fd: FdInfo | undefined): string | undefined {
  if (fd?.type === FdType.IPV4_SOCK) return ipv4ToString(fd.ipv4Sip());
  if (fd?.type === FdType.IPV6_SOCK) return ipv6ToString(fd.ipv6Sip());
  return undefined;
}

function serverIp(fd: FdInfo | undefined): string | undefined {
  switch (fd?.type) {
    case FdType.IPV4_SOCK: return ipv4ToString(fd.ipv4Dip());
    case FdType.IPV6_SOCK: return ipv6ToString(fd.ipv6Dip());
    case FdType.IPV4_SERVSOCK: return ipv4ToString(fd.ipv4ServerIp());
    case FdType.IPV6_SERVSOCK: return ipv4ToString(fd.ipv6ServerIp());
    default: return undefined;
  }
}

function clientPort(fd: FdInfo | undefined): string | undefined {
  if (fd?.type === FdType.IPV4_SOCK) return String(fd.ipv4Sport);
  if (fd?.type === FdType.IPV6_SOCK) return String(fd.ipv6Sport);
  return undefined;
}

function serverPort(fd: FdInfo | undefined): string | undefined {
  if (fd?.type === FdType.IPV4_SOCK) return String(fd.ipv4Dport);
  if (fd?.type === FdType.IPV6_SOCK) return String(fd.ipv6Dport);
  return undefined;
}

export const fdListExtractor: ClassExtractorBuilder = (field) => {
  switch (field.info.name) {
    case 'fdlist.nums': return listExtractor((n) => n.toString());
    case 'fdlist.names': return listExtractor((_n, fd) => (fd !== undefined && fd.name !== '' ? fd.name : '<NA>'));
    case 'fdlist.cips': return listExtractor((_n, fd) => clientIp(fd));
    case 'fdlist.sips': return listExtractor((_n, fd) => serverIp(fd));
    case 'fdlist.cports': return listExtractor((_n, fd) => clientPort(fd));
    case 'fdlist.sports': return listExtractor((_n, fd) => serverPort(fd));
    default: return undefined;
  }
};
