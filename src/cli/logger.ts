/**
 * falconet's log, behaving like Falco's: messages below `log_level` are
 * dropped; with `log_stderr` each message goes to stderr as
 * "<time>: <message>" (ctime-like local time, or ISO 8601 UTC with
 * `time_format_iso_8601`). Syslog delivery (`log_syslog`) is not implemented
 * yet: with `log_stderr: false` messages are dropped.
 */
import type { LogLevel } from '../config/falco-config.js';

const SEVERITY: Record<LogLevel, number> = {
  emergency: 0, alert: 1, critical: 2, error: 3, warning: 4, notice: 5, info: 6, debug: 7,
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** "Thu Jan 01 00:00:00 2024" in local time (strftime "%a %b %d %H:%M:%S %Y"). */
export function formatLocalTime(d: Date): string {
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear()}`;
}

/** "2024-01-01T00:00:00+0000" (strftime "%FT%T%z" of UTC). */
export function formatIsoTime(d: Date): string {
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}+0000`;
}

export interface LoggerSettings {
  level: LogLevel;
  stderr: boolean;
  syslog: boolean;
  iso8601: boolean;
}

export class Logger {
  /** Falco logs to stderr until the configuration says otherwise. */
  settings: LoggerSettings = { level: 'info', stderr: true, syslog: false, iso8601: false };

  constructor(private readonly writeStderr: (text: string) => void, private readonly now: () => Date = () => new Date()) {}

  configure(settings: Partial<LoggerSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  log(priority: LogLevel, message: string): void {
    if (SEVERITY[priority] > SEVERITY[this.settings.level]) return;
    if (!this.settings.stderr) return;
    const text = message.endsWith('\n') ? message : `${message}\n`;
    const d = this.now();
    const stamp = this.settings.iso8601 ? formatIsoTime(d) : formatLocalTime(d);
    this.writeStderr(`${stamp}: ${text}`);
  }

  error(message: string): void { this.log('error', message); }
  warning(message: string): void { this.log('warning', message); }
  info(message: string): void { this.log('info', message); }
  debug(message: string): void { this.log('debug', message); }
}
