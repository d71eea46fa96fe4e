/**
 * Runs `./falconet` live for the live-capture tests: starts it, waits until
 * its probe is attached and /proc is read ("Live capture ready"), lets the
 * test act, then collects stdout/stderr and the exit status. Also small
 * helpers to run the programs that make the system calls.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REFERENCE } from '../reference.js';

export const REPO = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');
export const FALCONET = join(REPO, 'falconet');
export const FALCO_RULES = `${REFERENCE}/rules/falco_rules.yaml`;

export interface LiveRun {
  child: ChildProcess;
  /** Resolves once the capture is ready (rejects if falconet exits first). */
  ready: Promise<void>;
  /** Resolves when falconet exits. */
  done: Promise<{ status: number | null; stdout: string; stderr: string }>;
}

/** Starts falconet with `args`, optionally through a launcher command (`prefix`, e.g. prlimit ...). */
export function startFalconet(args: readonly string[], prefix: readonly string[] = []): LiveRun {
  const [cmd, ...rest] = [...prefix, FALCONET, ...args];
  const child = spawn(cmd!, rest, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  let onReady: () => void = () => undefined;
  let onEarlyExit: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    onEarlyExit = reject;
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.includes('Live capture ready')) onReady();
  });
  const done = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (status) => {
      onEarlyExit(new Error(`falconet exited (${status}) before it was ready:\n${stderr}`));
      resolve({ status, stdout, stderr });
    });
  });
  return { child, ready, done };
}

export interface Ran {
  pid: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end (its exit status is not checked: some fail on purpose). */
export function run(cmd: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, [...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('error', reject);
    c.on('close', (status) => resolve({ pid: c.pid!, status, stdout, stderr }));
  });
}

/** A JSON alert line as falconet prints it with json_output=true. */
export interface JsonAlert {
  rule: string;
  priority: string;
  source: string;
  output: string;
  output_fields: Record<string, unknown>;
  hostname: string;
  time: string;
  tags?: string[];
}

export function jsonAlerts(stdout: string): JsonAlert[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as JsonAlert);
}

/** Alerts of one rule whose fields mention `marker` (in any string field). */
export function alertsWith(alerts: readonly JsonAlert[], rule: string, marker: string): JsonAlert[] {
  return alerts.filter((a) => a.rule === rule && Object.values(a.output_fields).some((v) => typeof v === 'string' && v.includes(marker)));
}

/** Alerts of any rule that mention `marker`. */
export function anyAlertWith(alerts: readonly JsonAlert[], marker: string): JsonAlert[] {
  return alerts.filter((a) => Object.values(a.output_fields).some((v) => typeof v === 'string' && v.includes(marker)));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Lets the last events reach falconet (within one drain period), stops it
 * with SIGINT and returns how it ended, with the JSON alerts it printed.
 */
export async function stopLive(live: LiveRun): Promise<{ status: number | null; stdout: string; stderr: string; alerts: JsonAlert[] }> {
  await sleep(300);
  live.child.kill('SIGINT');
  const result = await live.done;
  return { ...result, alerts: jsonAlerts(result.stdout) };
}

/** `name value...` lines, as the tests' C programs print what they did, by name. */
export function linesByName(stdout: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of stdout.trim().split('\n')) {
    const [k, ...v] = line.split(' ');
    out.set(k!, v);
  }
  return out;
}

/** A short random word for markers (command lines, file names). */
export function nonce(tag: string): string {
  return `fn${tag}${Math.random().toString(36).slice(2, 8)}`;
}
