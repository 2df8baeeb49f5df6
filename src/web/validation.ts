import { z } from 'zod';
import { badRequest } from '../app-error';

/** Parse request input with a schema; a failure is a 400 naming the first problem. */
export function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? `${what}.${issue.path.join('.')}` : what;
  throw badRequest(`${where}: ${issue.message}`, 'invalid_request');
}

/** Box ids are digit strings. */
export const boxId = z.string().regex(/^\d{1,20}$/, 'must be a Box id (digits only)');

/** `?fileId=`: the Preview page, and the preview element's token. */
export const fileIdQuery = z.object({ fileId: boxId.optional() }).strict();

export const itemsQuery = z
  .object({
    limit: z
      .string()
      .regex(/^\d{1,4}$/, 'must be a whole number from 1 to 1000')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 1000, 'must be a whole number from 1 to 1000')
      .default(100),
    // Box's markers are opaque, URL-safe and short.
    marker: z
      .string()
      .regex(/^[A-Za-z0-9_\-=.~]{1,1024}$/, 'must be a marker returned by a previous page')
      .optional(),
  })
  .strict();

/**
 * `POST /api/web-links`: a bookmark in a folder. Box takes only http and https addresses; a name
 * is Box's item name (Box says what it refuses in one), the address when left out.
 */
export const newWebLinkBody = z
  .object({
    folderId: boxId,
    url: z
      .string()
      .trim()
      .max(2048, 'must be at most 2048 characters')
      .refine(isWebAddress, 'must be an http:// or https:// address'),
    name: z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters').optional(),
    description: z.string().trim().max(256, 'must be at most 256 characters').optional(),
  })
  .strict();

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export const noQuery = z.object({}).strict();

/** Routes that take no body accept none, or an empty JSON object. */
export const emptyBody = z.union([z.undefined(), z.object({}).strict()]);

/** A request id a client or proxy sent, kept only when it is short and plain. */
export const requestIdHeader = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);
