/**
 * Rule priorities. The number is Falco's (0 = Emergency ... 7 = Debug), so a
 * smaller number is more severe and "at least priority P" means `n <= P`.
 */

export const PRIORITY_NAMES = [
  'Emergency',
  'Alert',
  'Critical',
  'Error',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
] as const;
export type PriorityName = (typeof PRIORITY_NAMES)[number];

export const PRIORITY = {
  EMERGENCY: 0,
  ALERT: 1,
  CRITICAL: 2,
  ERROR: 3,
  WARNING: 4,
  NOTICE: 5,
  INFORMATIONAL: 6,
  DEBUG: 7,
} as const;

/**
 * Reads a priority name in any letter case; `info` is accepted as an alias
 * of `informational` (the two have always been used interchangeably).
 */
export function parsePriority(text: string): number | undefined {
  const lower = text.toLowerCase();
  for (let i = 0; i < PRIORITY_NAMES.length; i++) {
    if (lower === PRIORITY_NAMES[i]!.toLowerCase()) return i;
    if (i === PRIORITY.INFORMATIONAL && lower === 'info') return i;
  }
  return undefined;
}

/** The priority's name; the short form prints Informational as `Info` (as alerts do). */
export function priorityName(priority: number, short = false): string {
  if (priority === PRIORITY.INFORMATIONAL && short) return 'Info';
  return PRIORITY_NAMES[priority] ?? 'Debug';
}
