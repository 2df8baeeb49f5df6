import busboy from 'busboy';
import type { Request } from 'express';
import { TooLargeError, type BlobStore, type WrittenBlob } from '../store/blobs';
import {
  attributesAfterFile,
  attributesNotAnObject,
  noFilePart,
  notMultipart,
  unreadableMultipart,
  uploadAborted,
} from '../errors';
import type { UploadRoom } from './upload-limits';

/**
 * Read Box's multipart upload: the JSON `attributes` part first, then the `file` part, streamed
 * to the blob store. `accept` sees the attributes before any byte is stored, so a refused upload
 * (bad name, no access, name in use) costs nothing, and says how many bytes the file may have: a
 * file part that goes past them is cut off there, its bytes dropped, and the upload refused with
 * the room's error (the rest of the body is read and thrown away, so the client gets the answer).
 * Resolves once the bytes are durable.
 */
export function receiveMultipart<T>(
  req: Request,
  blobs: BlobStore,
  accept: (
    attributes: Record<string, unknown>,
    fileName: string | undefined,
  ) => { accepted: T; room: UploadRoom },
  attributesRequired = true,
): Promise<{ accepted: T; blob: WrittenBlob }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 5, fieldSize: 64 * 1024 } });
    } catch {
      return reject(notMultipart());
    }
    let attributes: Record<string, unknown> | undefined;
    let upload: Promise<{ accepted: T; blob: WrittenBlob }> | undefined;
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume(); // drain what the client still sends, so it reads our answer
      reject(err);
    };

    parser.on('field', (name, value) => {
      if (name !== 'attributes') return;
      try {
        const parsed: unknown = JSON.parse(value);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        attributes = parsed as Record<string, unknown>;
      } catch {
        fail(attributesNotAnObject());
      }
    });

    parser.on('file', (_name, stream, info) => {
      if (failed) return stream.resume();
      if (!attributes && attributesRequired) {
        stream.resume();
        return fail(attributesAfterFile());
      }
      let acceptance: { accepted: T; room: UploadRoom };
      try {
        acceptance = accept(attributes ?? {}, info.filename);
      } catch (err) {
        stream.resume();
        return fail(err);
      }
      const { accepted, room } = acceptance;
      upload = blobs.write(stream, room.bytes).then(
        (blob) => ({ accepted, blob }),
        (err: unknown) => {
          throw err instanceof TooLargeError ? room.exceeded() : err;
        },
      );
      upload.catch(fail);
    });

    parser.on('error', () => fail(unreadableMultipart()));
    parser.on('close', () => {
      if (failed) return;
      if (!upload) return fail(noFilePart());
      upload.then(resolve, fail);
    });
    req.on('aborted', () => fail(uploadAborted()));
    req.pipe(parser);
  });
}
