/**
 * The machine's network interface addresses (from the capture's interface
 * list, or the host live). libsinsp uses them to complete socket tuples
 * whose local or remote address is 0.0.0.0 / ::: the missing side becomes
 * the interface address that equals the known side, else one in the same
 * subnet, else the first non-loopback one.
 */
import { FdType, type FdInfo } from './fd-info.js';

export interface Ipv4Interface {
  name: string;
  /** Address bytes, network order. */
  addr: Uint8Array;
  netmask: Uint8Array;
  bcast?: Uint8Array;
}

export interface Ipv6Interface {
  name: string;
  /** Address bytes, network order (16). */
  addr: Uint8Array;
}

const IPV6_LOOPBACK = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

function eq(a: Uint8Array, ao: number, b: Uint8Array, bo: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
}

function zero(a: Uint8Array, o: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[o + i] !== 0) return false;
  return true;
}

export class NetworkInterfaces {
  ipv4: Ipv4Interface[] = [];
  ipv6: Ipv6Interface[] = [];

  clear(): void {
    this.ipv4 = [];
    this.ipv6 = [];
  }

  /** The local IPv4 address to assume for a peer `dest` (4 bytes at `o`); zeros when none. */
  inferIpv4(dest: Uint8Array, o: number): Uint8Array {
    for (const i of this.ipv4) if (eq(i.addr, 0, dest, o, 4)) return i.addr;
    for (const i of this.ipv4) {
      let same = true;
      for (let k = 0; k < 4; k++) if ((i.addr[k]! & i.netmask[k]!) !== (dest[o + k]! & i.netmask[k]!)) same = false;
      if (same) return i.addr;
    }
    for (const i of this.ipv4) if (!(i.addr[0] === 127 && i.addr[1] === 0 && i.addr[2] === 0 && i.addr[3] === 1)) return i.addr;
    return new Uint8Array(4);
  }

  /** The local IPv6 address to assume for a peer (16 bytes at `o`); zeros when none. */
  inferIpv6(dest: Uint8Array, o: number): Uint8Array {
    for (const i of this.ipv6) if (eq(i.addr, 0, dest, o, 16)) return i.addr;
    // Same /64 is the same subnet for libsinsp.
    for (const i of this.ipv6) if (eq(i.addr, 0, dest, o, 8)) return i.addr;
    for (const i of this.ipv6) if (!eq(i.addr, 0, IPV6_LOOPBACK, 0, 16)) return i.addr;
    return new Uint8Array(16);
  }

  /** Fills in a zero source or destination address of a client socket. */
  completeTuple(fd: FdInfo): void {
    if (fd.type === FdType.IPV4_SOCK) {
      const s = fd.sockWritable();
      const sipZero = zero(s, 0, 4);
      const dipZero = zero(s, 4, 4);
      if (!sipZero && !dipZero) return;
      const sameEndpoint = fd.ipv4Sport === fd.ipv4Dport;
      if (sipZero) {
        const a = this.inferIpv4(s, 4);
        if (eq(a, 0, s, 4, 4) && sameEndpoint) return;
        s.set(a, 0);
      } else {
        const a = this.inferIpv4(s, 0);
        if (eq(a, 0, s, 0, 4) && sameEndpoint) return;
        s.set(a, 4);
      }
      return;
    }
    if (fd.type === FdType.IPV6_SOCK) {
      const s = fd.sockWritable();
      const sipZero = zero(s, 0, 16);
      const dipZero = zero(s, 16, 16);
      if (!sipZero && !dipZero) return;
      const sameEndpoint = fd.ipv6Sport === fd.ipv6Dport;
      if (sipZero) {
        const a = this.inferIpv6(s, 16);
        if (eq(a, 0, s, 16, 16) && sameEndpoint) return;
        s.set(a, 0);
      } else {
        const a = this.inferIpv6(s, 0);
        if (eq(a, 0, s, 0, 16) && sameEndpoint) return;
        s.set(a, 16);
      }
    }
  }
}
