/**
 * Service names for PORT operands (`fd.sport = http`). libs resolves them
 * with getservbyname(3), i.e. from the host's /etc/services; we read the same
 * file once, and fall back to a few well-known entries when it is missing.
 */
import { readFileSync } from 'node:fs';

const FALLBACK: ReadonlyArray<[string, number]> = [
  ['ftp-data', 20], ['ftp', 21], ['ssh', 22], ['telnet', 23], ['smtp', 25], ['domain', 53],
  ['http', 80], ['www', 80], ['pop3', 110], ['ntp', 123], ['imap2', 143], ['imap', 143],
  ['snmp', 161], ['ldap', 389], ['https', 443], ['submission', 587], ['ldaps', 636],
  ['imaps', 993], ['pop3s', 995], ['mysql', 3306], ['postgresql', 5432],
];

let table: Map<string, number> | undefined;

/** Parses the services(5) format: `name port/protocol [aliases...] [# comment]`. */
export function parseServices(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const [name, portProto, ...aliases] = line.split(/\s+/);
    const m = /^([0-9]+)\//.exec(portProto ?? '');
    if (name === undefined || m === null) continue;
    const port = Number(m[1]);
    // the first entry wins, as with a sequential scan of the file
    for (const n of [name, ...aliases]) if (!map.has(n)) map.set(n, port);
  }
  return map;
}

function load(): Map<string, number> {
  try {
    return parseServices(readFileSync('/etc/services', 'utf8'));
  } catch {
    return new Map(FALLBACK);
  }
}

export function lookupServicePort(name: string): number | undefined {
  table ??= load();
  return table.get(name);
}
