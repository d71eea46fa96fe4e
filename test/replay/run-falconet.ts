/**
 * Runs the built `falconet` executable for the replay tests, and the shared
 * reference files they replay.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REFERENCE } from '../reference.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FALCONET = join(REPO, 'falconet');
export const REF = `${REFERENCE}`;
export const TRACES = join(REF, 'traces');
export const EXPECTED = join(REF, 'expected');
export const EXPECTED_0441 = join(EXPECTED, 'falco-0.44.1');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function falconet(args: readonly string[], env: Readonly<Record<string, string>> = {}, cwd = REPO): Run {
  const r = spawnSync(FALCONET, [...args], {
    encoding: 'utf8',
    cwd,
    timeout: 60000,
    env: { ...process.env, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The replay options of a capture in the shared traces folder (or any path). */
export function replayOf(capture: string): string[] {
  const path = capture.includes('/') ? capture : join(TRACES, capture);
  return ['-o', 'engine.kind=replay', '-o', `engine.replay.capture_file=${path}`];
}

/** The last line of stderr (log lines come before it). */
export function lastStderrLine(r: Run): string {
  const lines = r.stderr.trimEnd().split('\n');
  return lines[lines.length - 1]!;
}
