import { accessDenied } from './callers';
import { notFound } from './items';
import { badRequest } from './requests';

/** Box's errors: watermarks on files and folders. */

/** `GET` or `DELETE` of the watermark of an item that has none of its own (Box's 404). */
export const watermarkNotFound = () => notFound('Could not find the specified watermark');

/** The body must be `{watermark: {imprint: 'default'}}`: Box's only imprint. */
export const watermarkImprintInvalid = () =>
  badRequest("'watermark.imprint' is required and must be 'default'");

/** "All Files" (folder 0) is no folder of its own: it takes no watermark. */
export const rootFolderUnwatermarkable = () => accessDenied('The root folder cannot be watermarked');
