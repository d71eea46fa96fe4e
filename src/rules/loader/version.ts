/**
 * Version numbers as Falco compares them for `required_engine_version` and
 * `required_plugin_versions`: `major.minor.patch` read leniently (like C's
 * `sscanf("%u.%u.%u")`: leading blanks and a sign are accepted, anything after
 * the patch number is ignored), and "compatible" meaning same major and not
 * older.
 */

/** The rule engine version falconet implements (Falco 0.44.1's). */
export const ENGINE_VERSION = { major: 0, minor: 62, patch: 0 } as const;

export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** False when the text did not contain three numbers. */
  valid: boolean;
}

const UINT32 = 2 ** 32;

/**
 * Reads one `%u` the way glibc does: optional blanks, optional sign, digits;
 * negative values wrap around and out-of-range values saturate before being
 * truncated to 32 bits. Returns the value and the index after it.
 */
function scanUnsigned(text: string, from: number): { value: number; next: number } | undefined {
  let i = from;
  while (i < text.length && /[ \t\n\v\f\r]/.test(text[i]!)) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  const start = i;
  while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
  if (i === start) return undefined;
  let value = BigInt(text.slice(start, i));
  const max = 2n ** 64n - 1n;
  if (value > max) value = max;
  if (negative) value = (2n ** 64n - value) % 2n ** 64n;
  return { value: Number(value % BigInt(UINT32)), next: i };
}

export function parseVersion(text: string): Version {
  const parts: number[] = [];
  let i = 0;
  for (let k = 0; k < 3; k++) {
    if (k > 0) {
      if (text[i] !== '.') break;
      i++;
    }
    const scanned = scanUnsigned(text, i);
    if (!scanned) break;
    parts.push(scanned.value);
    i = scanned.next;
  }
  return { major: parts[0] ?? 0, minor: parts[1] ?? 0, patch: parts[2] ?? 0, valid: parts.length === 3 };
}

export function versionText(v: { major: number; minor: number; patch: number }): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** True when `have` satisfies `wanted`: both valid, same major, `have` not older. */
export function isCompatible(have: Version, wanted: Version): boolean {
  if (!have.valid || !wanted.valid) return false;
  return have.major === wanted.major && compareVersions(have, wanted) >= 0;
}

export function engineVersion(): Version {
  return { ...ENGINE_VERSION, valid: true };
}

/** The engine version written as a bare number means that minor version of the 0.x series. */
export function implicitEngineVersion(minor: number): Version {
  return { major: ENGINE_VERSION.major, minor, patch: ENGINE_VERSION.patch, valid: true };
}
