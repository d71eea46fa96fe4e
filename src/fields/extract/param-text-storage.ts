/**
 * libsinsp renders every event parameter into one text buffer that its event
 * object keeps for the whole run (each rendering overwrites the start of it
 * and ends with a NUL), and remembers the length of the last rendered data
 * buffer separately. `evt.buffer` of an event whose data is empty reads that
 * buffer with the remembered length: "NULL", a NUL, then whatever earlier
 * renderings left behind. Falco prints exactly that, so falconet keeps the
 * same buffer and writes the same texts into it, in the same order.
 */

const encoder = new TextEncoder();

export class ParamTextStorage {
  private bytes = new Uint8Array(1024);
  /** Length of the last rendered data buffer (libsinsp's rawbuf_str_len). */
  rawBufferLength = 0;

  /** Records the rendering of one parameter value. */
  write(text: string): void {
    for (;;) {
      const r = encoder.encodeInto(text, this.bytes);
      if (r.read === text.length && r.written < this.bytes.length) {
        this.bytes[r.written] = 0;
        return;
      }
      this.grow();
    }
  }

  /** Records the rendering of a data buffer (its text is what `evt.buffer` then reads). */
  writeBuffer(text: string): void {
    this.write(text);
    this.rawBufferLength = encoder.encode(text).length;
  }

  /** The first `rawBufferLength` bytes, as `evt.buffer` reads them (a copy). */
  bufferView(): Uint8Array {
    while (this.rawBufferLength > this.bytes.length) this.grow();
    return this.bytes.slice(0, this.rawBufferLength);
  }

  private grow(): void {
    const bigger = new Uint8Array(this.bytes.length * 2);
    bigger.set(this.bytes);
    this.bytes = bigger;
  }
}
