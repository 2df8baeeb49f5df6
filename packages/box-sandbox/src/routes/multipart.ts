import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { TooLargeError, type BlobStore, type StagedBlob } from '../store/blobs';
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
 * to a staged blob (blobs.ts). `accept` sees the attributes before any byte is stored, so a refused
 * upload (bad name, no access, name in use) costs nothing, and says how many bytes the file may
 * have: a file part that goes past them is cut off there, its bytes dropped, and the upload
 * refused with the room's error (the rest of the body is read and thrown away, so the client gets
 * the answer). Resolves once the bytes are durable, staged: the caller places them with
 * `store.recordBlob` or discards them. Whatever fails here (a part after the file, a body that
 * stops parsing, a client that goes away) drops the bytes received so far.
 */
export function receiveMultipart<T>(
  req: Request,
  blobs: BlobStore,
  accept: (
    attributes: Record<string, unknown>,
    fileName: string | undefined,
    partName: string,
  ) => { accepted: T; room: UploadRoom },
  attributesRequired = true,
): Promise<{ accepted: T; blob: StagedBlob }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 5, fieldSize: 64 * 1024 } });
    } catch {
      return reject(notMultipart());
    }
    let attributes: Record<string, unknown> | undefined;
    let file: Readable | undefined;
    let upload: Promise<{ accepted: T; blob: StagedBlob }> | undefined;
    let outcome: 'pending' | 'failed' | 'received' = 'pending';
    const fail = (err: unknown) => {
      if (outcome !== 'pending') return;
      outcome = 'failed';
      req.unpipe(parser);
      req.resume(); // drain what the client still sends, so it reads our answer
      // A file part still arriving would wait forever for the rest of the body: end its write
      // (which removes its temporary file), and drop what it staged if it finished first.
      file?.destroy();
      void upload?.then(
        ({ blob }) => blob.discard(),
        () => undefined,
      );
      reject(err);
    };
    const received = (result: { accepted: T; blob: StagedBlob }) => {
      if (outcome !== 'pending') return void result.blob.discard();
      outcome = 'received';
      resolve(result);
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

    parser.on('file', (partName, stream, info) => {
      if (outcome !== 'pending') return stream.resume();
      if (!attributes && attributesRequired) {
        stream.resume();
        return fail(attributesAfterFile());
      }
      let acceptance: { accepted: T; room: UploadRoom };
      try {
        acceptance = accept(attributes ?? {}, info.filename, partName);
      } catch (err) {
        stream.resume();
        return fail(err);
      }
      const { accepted, room } = acceptance;
      file = stream;
      upload = blobs.stage(stream, room.bytes).then(
        (blob) => ({ accepted, blob }),
        (err: unknown) => {
          throw err instanceof TooLargeError ? room.exceeded() : err;
        },
      );
      upload.catch(fail);
    });

    parser.on('error', () => fail(unreadableMultipart()));
    parser.on('close', () => {
      if (outcome !== 'pending') return;
      if (!upload) return fail(noFilePart());
      upload.then(received, fail);
    });
    req.on('aborted', () => fail(uploadAborted()));
    req.pipe(parser);
  });
}
