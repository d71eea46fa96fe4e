/**
 * JSON text the way Falco prints it (nlohmann::json's `dump()`): compact,
 * object keys in byte order (nlohmann keeps objects in a sorted map), strings
 * escaped like JSON.stringify does. Users diff Falco's `-V`/`-L` JSON against
 * ours, so key order matters.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function dumpJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(dumpJson).join(',')}]`;
  const keys = Object.keys(value).sort(compareBytes);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${dumpJson(value[k]!)}`).join(',')}}`;
}

/** std::string's ordering: by UTF-8 bytes, which for BMP text equals code point order. */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
