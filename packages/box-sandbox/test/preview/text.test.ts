/**
 * Bytes to text in the sandbox's preview library (src/sandbox/preview/content/text.ts): read at
 * most a cap from the network, tell binary from text, never split a character.
 */
import {
  completeUtf8Prefix,
  decodeText,
  looksBinary,
  prettyJson,
  readAtMost,
} from '../../src/preview/content/text';
import { LIMITS } from '../../src/preview/limits';

/** A stream of `total` bytes in 64 KiB chunks, counting the chunks pulled and whether it was cancelled. */
function source(total: number, byte = 0x61) {
  const chunk = 64 * 1024;
  const seen = { pulls: 0, cancelled: false };
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        seen.pulls += 1;
        if (sent >= total) return controller.close();
        const size = Math.min(chunk, total - sent);
        sent += size;
        controller.enqueue(new Uint8Array(size).fill(byte));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

describe('reading at most a cap', () => {
  test('a 100 MB body: the first MiB is read, the rest is cancelled and never pulled', async () => {
    const { stream, seen } = source(100 * 1024 * 1024);
    const read = await readAtMost(stream, LIMITS.textBytes);
    expect(read.bytes.byteLength).toBe(LIMITS.textBytes);
    expect(read.truncated).toBe(true);
    expect(seen.cancelled).toBe(true);
    expect(seen.pulls).toBeLessThanOrEqual(LIMITS.textBytes / (64 * 1024) + 2);
  });

  test('a body of exactly the cap, or less, is whole', async () => {
    for (const size of [0, 10, LIMITS.textBytes]) {
      const read = await readAtMost(source(size).stream, LIMITS.textBytes);
      expect([read.bytes.byteLength, read.truncated]).toEqual([size, false]);
    }
  });

  test('no body stream (an old browser): read whole, then cut', async () => {
    const read = await readAtMost(
      null,
      4,
      async () => new TextEncoder().encode('abcdef').buffer as ArrayBuffer,
    );
    expect([new TextDecoder().decode(read.bytes), read.truncated]).toEqual(['abcd', true]);
  });
});

describe('decoding', () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);

  test('a cut in the middle of a character drops that character, not the encoding', () => {
    const text = 'caf\u00e9 \u20ac \u{1F600}';
    const bytes = utf8(text);
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const decoded = decodeText({ bytes: bytes.subarray(0, cut), truncated: cut < bytes.length });
      expect(text.startsWith(decoded)).toBe(true);
      expect(decoded).not.toContain('\ufffd');
      // At most the one cut character is lost (up to 3 of its bytes).
      expect(cut - utf8(decoded).length).toBeLessThanOrEqual(3);
    }
    expect(completeUtf8Prefix(utf8('\u20ac').subarray(0, 2))).toHaveLength(0);
  });

  test('UTF-16 with a BOM, Windows-1252 when it is not UTF-8, a UTF-8 BOM dropped', () => {
    const le = new Uint8Array([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00]);
    expect(decodeText({ bytes: le, truncated: false })).toBe('hi');
    expect(decodeText({ bytes: new Uint8Array([0x63, 0x61, 0x66, 0xe9]), truncated: false })).toBe(
      'caf\u00e9',
    );
    expect(decodeText({ bytes: utf8('\ufeffhello'), truncated: false })).toBe('hello');
  });

  test('binary is a NUL byte near the start; UTF-16 text is not binary', () => {
    expect(looksBinary(new Uint8Array([0x89, 0x50, 0x00, 0x47]), LIMITS.sniffBytes)).toBe(true);
    expect(looksBinary(utf8('plain text'), LIMITS.sniffBytes)).toBe(false);
    expect(looksBinary(new Uint8Array([0xff, 0xfe, 0x68, 0x00]), LIMITS.sniffBytes)).toBe(false);
    const late = new Uint8Array(LIMITS.sniffBytes + 10).fill(0x61);
    late[LIMITS.sniffBytes + 5] = 0;
    expect(looksBinary(late, LIMITS.sniffBytes)).toBe(false);
  });

  test('one-line JSON is indented; anything else is left as it is', () => {
    expect(prettyJson('{"a":[1,2]}', 1000)).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(prettyJson('{"a":\n1}', 1000)).toBe('{"a":\n1}');
    expect(prettyJson('{not json', 1000)).toBe('{not json');
    const big = JSON.stringify({ a: 'x'.repeat(2000) });
    expect(prettyJson(big, 1000)).toBe(big);
  });
});
