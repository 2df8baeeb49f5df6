/**
 * Bytes to text, bounded: read at most so many bytes of a response, tell text from binary, and
 * decode without splitting a character. Pure functions (no DOM), tested in Node.
 */

export interface Bytes {
  bytes: Uint8Array;
  /** The source had more than was read. */
  truncated: boolean;
}

/**
 * At most `limit` bytes of a stream; the rest is cancelled, so a 2 GB "log file" costs what the
 * limit allows and no more. A response without a body stream (old browsers) is read whole and cut.
 */
export async function readAtMost(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  whole?: () => Promise<ArrayBuffer>,
): Promise<Bytes> {
  if (!body) {
    const all = whole ? new Uint8Array(await whole()) : new Uint8Array(0);
    return { bytes: all.subarray(0, limit), truncated: all.byteLength > limit };
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (length + value.byteLength > limit) {
      chunks.push(value.subarray(0, limit - length));
      length = limit;
      truncated = true;
      // Stop the download: nothing past the limit is wanted.
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    length += value.byteLength;
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, truncated };
}

const hasUtf16Bom = (b: Uint8Array) =>
  b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));

/** A NUL byte near the start means binary (UTF-16 text, which is full of them, has a BOM). */
export function looksBinary(bytes: Uint8Array, sniffBytes: number): boolean {
  if (hasUtf16Bom(bytes)) return false;
  return bytes.subarray(0, sniffBytes).includes(0);
}

/**
 * The longest prefix that does not end inside a UTF-8 sequence: a cut at a byte limit can land
 * mid-character, and that half character must not turn the whole text into mojibake.
 */
export function completeUtf8Prefix(bytes: Uint8Array): Uint8Array {
  let start = bytes.length - 1;
  // Walk back over continuation bytes (10xxxxxx) to the lead byte of the last sequence.
  while (start >= 0 && bytes.length - start <= 4 && (bytes[start]! & 0xc0) === 0x80) start -= 1;
  if (start < 0) return bytes;
  const lead = bytes[start]!;
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return start + needed > bytes.length ? bytes.subarray(0, start) : bytes;
}

/**
 * Text from bytes: UTF-16 with a BOM, else UTF-8, else Windows-1252 (what a "text file" that is
 * not UTF-8 most likely is). A truncated source is cut back to a whole character first.
 */
export function decodeText({ bytes, truncated }: Bytes): string {
  if (hasUtf16Bom(bytes)) {
    const even = truncated ? bytes.subarray(0, bytes.length - (bytes.length % 2)) : bytes;
    return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(even);
  }
  const utf8 = truncated ? completeUtf8Prefix(bytes) : bytes;
  try {
    // TextDecoder drops a leading BOM itself.
    return new TextDecoder('utf-8', { fatal: true }).decode(utf8);
  } catch {
    try {
      return new TextDecoder('windows-1252').decode(bytes);
    } catch {
      return new TextDecoder('utf-8').decode(bytes);
    }
  }
}

/** One-line JSON (minified) is easier to read indented; anything else is shown as it is. */
export function prettyJson(text: string, maxLength: number): string {
  if (text.length > maxLength || text.slice(0, 10_000).includes('\n')) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
