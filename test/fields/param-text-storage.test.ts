/**
 * The parameter text storage notes writes and copies them in only when the
 * buffer is read: what it shows must be what writing every text in turn
 * into libsinsp's buffer gives, whatever the sequence.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParamTextStorage } from '../../src/fields/extract/param-text-storage.js';
import { seededRandom as prng } from '../seeded-random.js';

/** The plain model: every write copied in at once (UTF-8, then a NUL), the buffer growing as needed. */
class EagerBuffer {
  bytes = new Uint8Array(16);
  rawBufferLength = 0;

  write(text: string): void {
    const b = new TextEncoder().encode(text);
    while (b.length + 1 > this.bytes.length) {
      const bigger = new Uint8Array(this.bytes.length * 2);
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    this.bytes.set(b);
    this.bytes[b.length] = 0;
  }

  writeBuffer(text: string): void {
    this.write(text);
    this.rawBufferLength = new TextEncoder().encode(text).length;
  }

  view(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.rawBufferLength; i++) out.push(this.bytes[i] ?? 0);
    return out;
  }
}

test('the buffer reads as if every text had been written at once', () => {
  const rnd = prng(99);
  const pieces = ['a', 'NULL', '-2', 'O_RDONLY|O_CLOEXEC', 'é', '\uD800', '日本', '0123456789'];
  let reads = 0;
  for (let run = 0; run < 200; run++) {
    const lazy = new ParamTextStorage();
    const eager = new EagerBuffer();
    const steps = 1 + Math.floor(rnd() * 120);
    for (let i = 0; i < steps; i++) {
      let text = '';
      const n = Math.floor(rnd() * (rnd() < 0.05 ? 400 : 6));
      for (let k = 0; k < n; k++) text += pieces[Math.floor(rnd() * pieces.length)];
      const r = rnd();
      if (r < 0.15) {
        lazy.writeBuffer(text);
        eager.writeBuffer(text);
      } else if (r < 0.9) {
        lazy.write(text);
        eager.write(text);
      } else {
        assert.deepEqual([...lazy.bufferView()], eager.view(), `run ${run} step ${i}`);
        reads++;
      }
      assert.equal(lazy.rawBufferLength, eager.rawBufferLength);
    }
    assert.deepEqual([...lazy.bufferView()], eager.view(), `run ${run} end`);
    reads++;
  }
  assert.ok(reads > 200);
});

test('a long run of ever shorter texts is kept exactly', () => {
  const lazy = new ParamTextStorage();
  const eager = new EagerBuffer();
  lazy.writeBuffer('x'.repeat(100));
  eager.writeBuffer('x'.repeat(100));
  for (let n = 99; n >= 50; n--) {
    lazy.write(String.fromCharCode(65 + (n % 26)).repeat(n));
    eager.write(String.fromCharCode(65 + (n % 26)).repeat(n));
  }
  const view = lazy.bufferView();
  assert.deepEqual([...view], eager.view());
  // The last (shortest) text fills the start; each longer one left only its NUL behind it.
  assert.equal(view[0], 65 + (50 % 26));
  assert.deepEqual([...view.subarray(50)], new Array(50).fill(0));
});
