import busboy from 'busboy';
import type { Request } from 'express';
import type { BlobStore, WrittenBlob } from '../store/blobs';
import {
  attributesAfterFile,
  attributesNotAnObject,
  noFilePart,
  notMultipart,
  unreadableMultipart,
  uploadAborted,
} from '../errors';

/**
 * Read Box's multipart upload: the JSON `attributes` part first, then the `file` part, streamed
 * to the blob store. `accept` sees the attributes before any byte is stored, so a refused upload
 * (bad name, no access, name in use) costs nothing. Resolves once the bytes are durable.
 */
export function receiveMultipart<T>(
  req: Request,
  blobs: BlobStore,
  accept: (attributes: Record<string, unknown>, fileName: string | undefined) => T,
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
      let accepted: T;
      try {
        accepted = accept(attributes ?? {}, info.filename);
      } catch (err) {
        stream.resume();
        return fail(err);
      }
      upload = blobs.write(stream).then((blob) => ({ accepted, blob }));
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
