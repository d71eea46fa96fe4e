#!/usr/bin/env node
/**
 * The `falconet` command. Any failure nobody expected is reported as one
 * line (Falco's "Runtime error: ... Exiting.") with exit status 1, never as
 * a stack trace.
 */
import { runApp } from './app.js';
import { CAPTURE_COMMAND, runCaptureCommand } from './capture-command.js';
// Event sources register themselves with the run step when imported.
import '../sources/replay.js';
import '../sources/live.js';

function write(stream: NodeJS.WriteStream, text: string): void {
  stream.write(text);
}

async function main(): Promise<void> {
  let status: number;
  try {
    const argv = process.argv.slice(2);
    const io = {
      stdout: (t: string) => write(process.stdout, t),
      stderr: (t: string) => write(process.stderr, t),
      env: process.env,
    };
    // falconet's own commands come before Falco's flags.
    status = argv[0] === CAPTURE_COMMAND ? await runCaptureCommand(argv.slice(1), io) : await runApp(argv, io);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`Runtime error: ${message}. Exiting.\n`);
    status = 1;
  }
  // Let pending writes to pipes drain before the process ends.
  process.exitCode = status;
}

// A reader that goes away (`falconet --list | head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

process.on('uncaughtException', (err) => {
  process.stderr.write(`Runtime error: ${err.message}. Exiting.\n`);
  process.exit(1);
});

void main();
