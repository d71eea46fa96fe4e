/**
 * Users and groups, keyed by (container id, uid/gid); the host is container
 * id ''. Filled from the capture's user/group lists, from user/group
 * added/deleted events, and — when a process with an unknown id shows up —
 * from an account source (the host's /etc/passwd and /etc/group, or a
 * container's). Follows libsinsp's rules: uid/gid 0xffffffff are never
 * stored; uid 0 without a name is `root` with home `/root`; gid 0 is `root`;
 * NSS placeholder names (`+...`, `-...`) are ignored; a known id with a new
 * name is updated in place; missing texts are `<NA>`.
 */
import { NO_ID } from './ppm-flags.js';

export interface UserInfo {
  uid: number;
  gid: number;
  name: string;
  home: string;
  shell: string;
}

export interface GroupInfo {
  gid: number;
  name: string;
}

/** Where users and groups not in the tables can be looked up (host or container account files). */
export interface AccountSource {
  user(uid: number): UserInfo | undefined;
  group(gid: number): GroupInfo | undefined;
  /** Every user and group of a container (read from its /etc/passwd and /etc/group); live mode only. */
  containerAccounts?(containerId: string, pid: number): { users: UserInfo[]; groups: GroupInfo[] } | undefined;
}

const NA = '<NA>';

function isNssPlaceholder(name: string | undefined): boolean {
  return name !== undefined && name.length > 0 && (name[0] === '+' || name[0] === '-');
}

export class UserTable {
  private readonly users = new Map<string, Map<number, UserInfo>>();
  private readonly groups = new Map<string, Map<number, GroupInfo>>();
  /** When false (Falco's `--disable-users`-like mode), nothing is stored. */
  importUsers = true;

  constructor(public accounts: AccountSource | undefined = undefined) {}

  getUser(containerId: string, uid: number): UserInfo | undefined {
    return this.users.get(containerId)?.get(uid);
  }

  getGroup(containerId: string, gid: number): GroupInfo | undefined {
    return this.groups.get(containerId)?.get(gid);
  }

  userList(containerId: string): ReadonlyMap<number, UserInfo> | undefined {
    return this.users.get(containerId);
  }

  groupList(containerId: string): ReadonlyMap<number, GroupInfo> | undefined {
    return this.groups.get(containerId);
  }

  /** Containers (and '' for the host) with users. */
  containerIds(): IterableIterator<string> {
    return this.users.keys();
  }

  private userMap(containerId: string): Map<number, UserInfo> {
    let m = this.users.get(containerId);
    if (m === undefined) this.users.set(containerId, (m = new Map()));
    return m;
  }

  private groupMap(containerId: string): Map<number, GroupInfo> {
    let m = this.groups.get(containerId);
    if (m === undefined) this.groups.set(containerId, (m = new Map()));
    return m;
  }

  /**
   * Records a user. With a name, it is stored (or its texts updated);
   * without one, a known user is kept as is, uid 0 becomes root, and other
   * ids are looked up in the account source (unknown ones are not stored).
   */
  addUser(containerId: string, pid: number, uid: number, gid: number, name?: string, home?: string, shell?: string): UserInfo | undefined {
    if (name === undefined) {
      if (uid === NO_ID) return undefined;
      const known = this.getUser(containerId, uid);
      if (known !== undefined) return known;
      if (uid === 0) return this.addUser(containerId, pid, uid, gid, 'root', '/root', undefined);
    }
    if (isNssPlaceholder(name)) return undefined;
    if (!this.importUsers) return { uid, gid, name: NA, home: NA, shell: NA };
    const known = this.getUser(containerId, uid);
    if (known !== undefined) {
      if (name !== undefined) {
        known.name = name;
        known.home = home ?? '';
        known.shell = shell ?? '';
      }
      return known;
    }
    if (containerId === '') {
      if (name !== undefined) return this.storeUser('', uid, gid, name, home, shell);
      const found = this.accounts?.user(uid);
      return found === undefined ? undefined : this.storeUser('', found.uid, found.gid, found.name, found.home, found.shell);
    }
    return this.loadContainer(containerId, pid, 'user', uid);
  }

  /** Records a group; without a name gid 0 is root and others come from the account source. */
  addGroup(containerId: string, pid: number, gid: number, name?: string): GroupInfo | undefined {
    if (name === undefined) {
      if (gid === NO_ID) return undefined;
      const known = this.getGroup(containerId, gid);
      if (known !== undefined) return known;
      if (gid === 0) return this.addGroup(containerId, pid, gid, 'root');
    }
    if (isNssPlaceholder(name)) return undefined;
    if (!this.importUsers) return { gid, name: NA };
    const known = this.getGroup(containerId, gid);
    if (known !== undefined) {
      if (name !== undefined) known.name = name;
      return known;
    }
    if (containerId === '') {
      if (name !== undefined) return this.storeGroup('', gid, name);
      const found = this.accounts?.group(gid);
      return found === undefined ? undefined : this.storeGroup('', found.gid, found.name);
    }
    const loaded = this.loadContainer(containerId, pid, 'group', gid);
    return loaded;
  }

  private storeUser(containerId: string, uid: number, gid: number, name: string | undefined, home: string | undefined, shell: string | undefined): UserInfo {
    const u: UserInfo = { uid, gid, name: name ?? NA, home: home ?? NA, shell: shell ?? NA };
    this.userMap(containerId).set(uid, u);
    return u;
  }

  private storeGroup(containerId: string, gid: number, name: string | undefined): GroupInfo {
    const g: GroupInfo = { gid, name: name ?? NA };
    this.groupMap(containerId).set(gid, g);
    return g;
  }

  // A container's accounts are all cached at once when one of its ids is first needed.
  private loadContainer(containerId: string, pid: number, kind: 'user', id: number): UserInfo | undefined;
  private loadContainer(containerId: string, pid: number, kind: 'group', id: number): GroupInfo | undefined;
  private loadContainer(containerId: string, pid: number, kind: 'user' | 'group', id: number): UserInfo | GroupInfo | undefined {
    const all = this.accounts?.containerAccounts?.(containerId, pid);
    if (all === undefined) return undefined;
    if (kind === 'user') {
      let hit: UserInfo | undefined;
      for (const u of all.users) {
        const s = this.storeUser(containerId, u.uid, u.gid, u.name, u.home, u.shell);
        if (u.uid === id) hit = s;
      }
      return hit;
    }
    let hit: GroupInfo | undefined;
    for (const g of all.groups) {
      const s = this.storeGroup(containerId, g.gid, g.name);
      if (g.gid === id) hit = s;
    }
    return hit;
  }

  removeUser(containerId: string, uid: number): boolean {
    const m = this.users.get(containerId);
    return m !== undefined && m.delete(uid);
  }

  removeGroup(containerId: string, gid: number): boolean {
    const m = this.groups.get(containerId);
    return m !== undefined && m.delete(gid);
  }

  /** Forgets every user and group of a container (it went away). */
  deleteContainer(containerId: string): void {
    this.users.delete(containerId);
    this.groups.delete(containerId);
  }
}

/** Parses /etc/passwd text (`name:pw:uid:gid:gecos:home:shell`), skipping malformed lines. */
export function parsePasswd(text: string): UserInfo[] {
  const out: UserInfo[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0 || line[0] === '#') continue;
    const f = line.split(':');
    if (f.length < 7) continue;
    const uid = Number(f[2]);
    const gid = Number(f[3]);
    if (!/^\d+$/.test(f[2]!) || !/^\d+$/.test(f[3]!)) continue;
    out.push({ uid, gid, name: f[0]!, home: f[5]!, shell: f[6]! });
  }
  return out;
}

/** Parses /etc/group text (`name:pw:gid:members`), skipping malformed lines. */
export function parseGroupFile(text: string): GroupInfo[] {
  const out: GroupInfo[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0 || line[0] === '#') continue;
    const f = line.split(':');
    if (f.length < 3 || !/^\d+$/.test(f[2]!)) continue;
    out.push({ gid: Number(f[2]), name: f[0]! });
  }
  return out;
}

/** An account source over parsed passwd/group contents (first entry of an id wins, like getpwuid). */
export function accountsFromFiles(passwd: string, group: string): AccountSource {
  const users = new Map<number, UserInfo>();
  for (const u of parsePasswd(passwd)) if (!users.has(u.uid)) users.set(u.uid, u);
  const groups = new Map<number, GroupInfo>();
  for (const g of parseGroupFile(group)) if (!groups.has(g.gid)) groups.set(g.gid, g);
  return {
    user: (uid) => users.get(uid),
    group: (gid) => groups.get(gid),
  };
}
