/**
 * libsinsp renders every event parameter into one text buffer that its event
 * object keeps for the whole run (each rendering overwrites the start of it
 * and ends with a NUL), and remembers the length of the last rendered data
 * buffer separately. `evt.buffer` of an event whose data is empty reads that
 * buffer with the remembered length: "NULL", a NUL, then whatever earlier
 * renderings left behind. Falco prints exactly that, so falconet keeps the
 * same buffer and writes the same texts into it, in the same order.
 *
 * Rules render parameters on most events and the buffer is rarely read, so
 * writes are only noted: a text is copied in when the buffer is read. Of the
 * noted texts only those a later one does not cover are kept (a write of n
 * bytes and its NUL hide every earlier write of n bytes or fewer), which
 * leaves the buffer exactly as copying every text in turn would.
 */

const encoder = new TextEncoder();

/** Noted texts kept at most before they are copied in. */
const MAX_PENDING = 32;

/** The UTF-8 length of a text (what encoding it writes). */
function utf8Length(s: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) return encoder.encode(s).length;
  }
  return s.length;
}

export class ParamTextStorage {
  private bytes = new Uint8Array(1024);
  /** Length of the last rendered data buffer (libsinsp's rawbuf_str_len). */
  rawBufferLength = 0;
  /** Texts written and not copied in yet, oldest first, each longer in bytes than every later one. */
  private readonly pendingTexts: string[] = new Array<string>(MAX_PENDING).fill('');
  private readonly pendingLengths = new Int32Array(MAX_PENDING);
  private pending = 0;

  /** Records the rendering of one parameter value. */
  write(text: string): void {
    this.note(text, utf8Length(text));
  }

  /** Records the rendering of a data buffer (its text is what `evt.buffer` then reads). */
  writeBuffer(text: string): void {
    const n = utf8Length(text);
    this.note(text, n);
    this.rawBufferLength = n;
  }

  /** The first `rawBufferLength` bytes, as `evt.buffer` reads them (a copy). */
  bufferView(): Uint8Array {
    this.flush();
    while (this.rawBufferLength > this.bytes.length) this.grow();
    return this.bytes.slice(0, this.rawBufferLength);
  }

  private note(text: string, n: number): void {
    let k = this.pending;
    // Earlier texts no longer than this one are overwritten whole, NUL included.
    while (k > 0 && this.pendingLengths[k - 1]! <= n) k--;
    this.pending = k;
    if (k === MAX_PENDING) this.flush();
    this.pendingTexts[this.pending] = text;
    this.pendingLengths[this.pending] = n;
    this.pending++;
  }

  private flush(): void {
    for (let i = 0; i < this.pending; i++) {
      this.copy(this.pendingTexts[i]!);
      this.pendingTexts[i] = '';
    }
    this.pending = 0;
  }

  private copy(text: string): void {
    for (;;) {
      const r = encoder.encodeInto(text, this.bytes);
      if (r.read === text.length && r.written < this.bytes.length) {
        this.bytes[r.written] = 0;
        return;
      }
      this.grow();
    }
  }

  private grow(): void {
    const bigger = new Uint8Array(this.bytes.length * 2);
    bigger.set(this.bytes);
    this.bytes = bigger;
  }
}
