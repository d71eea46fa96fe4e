/**
 * How Falco turns configuration text into typed values (yaml-cpp's rules).
 * A value that does not convert is not an error for a scalar key: Falco then
 * silently uses the key's default (`json_output: 1` is false, `output_timeout: abc`
 * is 2000). These functions return undefined in that case.
 */
import type { ConfigNode } from './node.js';

const BOOL_WORDS: ReadonlyArray<readonly [string, string]> = [['y', 'n'], ['yes', 'no'], ['true', 'false'], ['on', 'off']];

/** yaml-cpp accepts a boolean word in lower, upper or capitalized case only. */
function isFlexibleCase(text: string): boolean {
  if (text === '') return true;
  if (text === text.toLowerCase() || text === text.toUpperCase()) return true;
  const rest = text.slice(1);
  return text[0] === text[0]!.toUpperCase() && rest === rest.toLowerCase();
}

export function parseBool(text: string): boolean | undefined {
  if (!isFlexibleCase(text)) return undefined;
  const lower = text.toLowerCase();
  for (const [yes, no] of BOOL_WORDS) {
    if (lower === yes) return true;
    if (lower === no) return false;
  }
  return undefined;
}

/** Integer types Falco reads configuration keys as. */
export type IntKind = 'int16' | 'uint8' | 'uint16' | 'int32' | 'uint32' | 'uint64';

const INT_RANGES: Record<IntKind, readonly [bigint, bigint]> = {
  int16: [-(2n ** 15n), 2n ** 15n - 1n],
  uint8: [0n, 255n],
  uint16: [0n, 2n ** 16n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

/**
 * An integer written the way a C++ stream with automatic base reads it:
 * decimal, `0x` hexadecimal or leading-zero octal, optional sign, trailing
 * blanks allowed, nothing else. Unsigned kinds refuse a leading minus.
 */
export function parseInteger(text: string, kind: IntKind): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[ \t\n\v\f\r]*$/.exec(text);
  if (!m) return undefined;
  const [, sign, digits] = m as unknown as [string, string, string];
  const [min, max] = INT_RANGES[kind];
  if (sign === '-' && min === 0n) return undefined;
  let magnitude: bigint;
  if (/^0[xX]/.test(digits)) magnitude = BigInt(digits);
  else if (digits.length > 1 && digits.startsWith('0')) magnitude = BigInt('0o' + digits.slice(1));
  else magnitude = BigInt(digits);
  const value = sign === '-' ? -magnitude : magnitude;
  if (value < min || value > max) return undefined;
  return Number(value);
}

/** A floating-point number as a C++ stream reads it, plus YAML's `.inf` / `.nan` spellings. */
export function parseDouble(text: string): number | undefined {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[ \t\n\v\f\r]*$/.test(text)) return Number(text.trim());
  if (/^\+?\.(inf|Inf|INF)$/.test(text)) return Infinity;
  if (/^-\.(inf|Inf|INF)$/.test(text)) return -Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  return undefined;
}

/** Reads a node as a boolean; undefined when it is not a boolean scalar. */
export function nodeBool(node: ConfigNode | undefined): boolean | undefined {
  return node?.kind === 'scalar' ? parseBool(node.value) : undefined;
}

export function nodeInt(node: ConfigNode | undefined, kind: IntKind): number | undefined {
  return node?.kind === 'scalar' ? parseInteger(node.value, kind) : undefined;
}

export function nodeDouble(node: ConfigNode | undefined): number | undefined {
  return node?.kind === 'scalar' ? parseDouble(node.value) : undefined;
}

/**
 * Reads a node as text: a scalar's text, "null" for a null node (yaml-cpp's
 * rendering), undefined for a map or a sequence.
 */
export function nodeString(node: ConfigNode | undefined): string | undefined {
  if (node?.kind === 'scalar') return node.value;
  if (node?.kind === 'null') return 'null';
  return undefined;
}
