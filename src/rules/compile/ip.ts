/**
 * IP addresses and networks as the filter engine compares them: an address
 * is 4 (IPv4) or 16 (IPv6) bytes in network order; addresses of different
 * families are never equal. Text is read with glibc `inet_pton` rules, so
 * that what is accepted matches Falco.
 */

/** A CIDR network: the address bytes and the prefix length in bits. */
export interface IpNetwork {
  bytes: Uint8Array;
  prefix: number;
}

/** Dotted quad, glibc style: exactly 4 decimal octets, no leading zeros. */
export function parseIPv4(s: string): Uint8Array | undefined {
  const out = new Uint8Array(4);
  let octets = 0;
  let sawDigit = false;
  let cur = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      if (sawDigit && cur === 0) return undefined;
      cur = cur * 10 + (ch - 48);
      if (cur > 255) return undefined;
      if (!sawDigit) {
        if (++octets > 4) return undefined;
        sawDigit = true;
      }
      out[octets - 1] = cur;
    } else if (ch === 46 && sawDigit) {
      if (octets === 4) return undefined;
      sawDigit = false;
      cur = 0;
    } else {
      return undefined;
    }
  }
  return octets < 4 ? undefined : out;
}

function hexValue(ch: number): number {
  if (ch >= 48 && ch <= 57) return ch - 48;
  if (ch >= 97 && ch <= 102) return ch - 87;
  if (ch >= 65 && ch <= 70) return ch - 55;
  return -1;
}

/** RFC 4291 text form with glibc's acceptance rules (embedded IPv4 tail allowed). */
export function parseIPv6(s: string): Uint8Array | undefined {
  const tmp = new Uint8Array(16);
  let tp = 0;
  let colonp = -1;
  let i = 0;
  if (s.length === 0) return undefined;
  if (s.charCodeAt(0) === 58) {
    i = 1;
    if (i >= s.length || s.charCodeAt(i) !== 58) return undefined;
  }
  let curtok = i;
  let digits = 0;
  let val = 0;
  while (i < s.length) {
    const ch = s.charCodeAt(i++);
    const d = hexValue(ch);
    if (d >= 0) {
      if (digits === 4) return undefined;
      val = (val << 4) | d;
      digits++;
      continue;
    }
    if (ch === 58) {
      curtok = i;
      if (digits === 0) {
        if (colonp >= 0) return undefined;
        colonp = tp;
        continue;
      } else if (i >= s.length) {
        return undefined;
      }
      if (tp + 2 > 16) return undefined;
      tmp[tp++] = (val >> 8) & 0xff;
      tmp[tp++] = val & 0xff;
      digits = 0;
      val = 0;
      continue;
    }
    if (ch === 46 && tp + 4 <= 16) {
      const v4 = parseIPv4(s.slice(curtok));
      if (v4 === undefined) return undefined;
      tmp.set(v4, tp);
      tp += 4;
      digits = 0;
      i = s.length;
      break;
    }
    return undefined;
  }
  if (digits > 0) {
    if (tp + 2 > 16) return undefined;
    tmp[tp++] = (val >> 8) & 0xff;
    tmp[tp++] = val & 0xff;
  }
  if (colonp >= 0) {
    if (tp === 16) return undefined;
    const n = tp - colonp;
    const tail = tmp.slice(colonp, tp);
    tmp.fill(0, colonp, 16);
    tmp.set(tail, 16 - n);
    tp = 16;
  }
  return tp === 16 ? tmp : undefined;
}

/** Parses an address as printed by the field extractors (dotted quad or IPv6 text). */
export function parseIpText(s: string): Uint8Array | undefined {
  return s.includes(':') ? parseIPv6(s) : parseIPv4(s);
}

// Field values arrive as text; parsing the same few addresses again and again
// is the common case, so remember recent results.
const textCache = new Map<string, Uint8Array | null>();
const TEXT_CACHE_LIMIT = 4096;

/**
 * Reads an address from a field value: text, 4/16 raw bytes, or an IPv4 as a
 * 32-bit number (most significant byte first). Undefined when unusable.
 */
export function toIpAddress(v: unknown): Uint8Array | undefined {
  if (typeof v === 'string') {
    let hit = textCache.get(v);
    if (hit === undefined) {
      hit = parseIpText(v) ?? null;
      if (textCache.size >= TEXT_CACHE_LIMIT) textCache.clear();
      textCache.set(v, hit);
    }
    return hit ?? undefined;
  }
  if (v instanceof Uint8Array) return v.length === 4 || v.length === 16 ? v : undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff) {
    return new Uint8Array([(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
  }
  return undefined;
}

export function ipEquals(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A string that identifies an address (family included), for hash sets. */
export function ipKey(a: Uint8Array): string {
  let k = a.length === 4 ? '4:' : '6:';
  for (let i = 0; i < a.length; i++) k += String.fromCharCode(a[i]!);
  return k;
}

/** Whether `addr` lies in `net`; an address of the other family never does. */
export function networkContains(net: IpNetwork, addr: Uint8Array): boolean {
  if (net.bytes.length !== addr.length) return false;
  const full = net.prefix >> 3;
  for (let i = 0; i < full; i++) if (net.bytes[i] !== addr[i]) return false;
  const rest = net.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((net.bytes[full]! ^ addr[full]!) & mask) === 0;
}

export function formatIp(a: Uint8Array): string {
  if (a.length === 4) return `${a[0]}.${a[1]}.${a[2]}.${a[3]}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((a[i]! << 8) | a[i + 1]!).toString(16));
  return groups.join(':');
}
