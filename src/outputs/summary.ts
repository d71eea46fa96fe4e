/**
 * The end-of-run summary Falco prints on stdout when its outputs close:
 *
 *     Events detected: 4
 *     Rule counts by severity:
 *        WARNING: 4
 *     Triggered rules by rule name:
 *        open_from_cat: 4
 *
 * Severities from most to least severe (short upper-case names: `INFO`),
 * rules in load order, only those that matched.
 */
import { priorityName } from '../rules/loader/priority.js';

export interface AlertStats {
  /** Alerts raised in total. */
  total: number | bigint;
  /** Alerts by priority number (index 0 = Emergency ... 7 = Debug). */
  byPriority: ReadonlyArray<number | bigint>;
  /** Alerts by rule, in the order the rules were loaded. */
  byRule: ReadonlyArray<{ name: string; count: number | bigint }>;
}

export function formatSummary(stats: AlertStats): string {
  let out = `Events detected: ${stats.total}\n`;
  out += 'Rule counts by severity:\n';
  stats.byPriority.forEach((count, priority) => {
    if (count > 0) out += `   ${priorityName(priority, true).toUpperCase()}: ${count}\n`;
  });
  out += 'Triggered rules by rule name:\n';
  for (const { name, count } of stats.byRule) {
    if (count > 0) out += `   ${name}: ${count}\n`;
  }
  return out;
}

/** Counts alerts per rule and priority as they are raised, for the summary. */
export class AlertCounter {
  private total = 0;
  private readonly byPriority: number[] = [];
  private readonly counts: number[];

  /** `rules` in load order; `record` takes an index into it. */
  constructor(private readonly rules: ReadonlyArray<{ name: string; priority: number }>) {
    this.counts = new Array<number>(rules.length).fill(0);
  }

  record(ruleIndex: number): void {
    const rule = this.rules[ruleIndex];
    if (rule === undefined) throw new RangeError(`no rule at index ${ruleIndex}`);
    this.total++;
    this.counts[ruleIndex]!++;
    while (this.byPriority.length <= rule.priority) this.byPriority.push(0);
    this.byPriority[rule.priority]!++;
  }

  stats(): AlertStats {
    return {
      total: this.total,
      byPriority: [...this.byPriority],
      byRule: this.rules.map((r, i) => ({ name: r.name, count: this.counts[i]! })),
    };
  }
}
