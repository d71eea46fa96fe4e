/**
 * The shared-memory handshake between a GzipWorkerSource and its inflate
 * worker: slot indexes of the Int32Array control block and the state codes.
 * WRITTEN and READ are byte counters that wrap at 2^32; their difference is
 * the number of bytes waiting in the ring.
 */
export const InflateControl = {
  WRITTEN: 0,
  READ: 1,
  STATE: 2,
  MESSAGE_LENGTH: 3,
  CLOSED: 4,
  ALIVE: 5,
  /** Bumped by the worker while its event loop runs, so a blocked reader can tell it is alive. */
  HEARTBEAT: 6,
  SIZE: 8,
  RUNNING: 0,
  DONE: 1,
  FAILED: 2,
} as const;

export interface InflateWorkerData {
  path: string;
  control: SharedArrayBuffer;
  ring: SharedArrayBuffer;
  /** UTF-8 error text written by the worker when it fails. */
  message: SharedArrayBuffer;
}
