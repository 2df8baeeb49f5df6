import sharp from 'sharp';

/**
 * The picture Box points to (`Location`) when it has no thumbnail of a file: a generic file icon.
 * Box's lives on its CDN (cdn01.boxcdn.net/_assets/thumbs/...); the sandbox serves its own at
 * the same path, drawn once from the SVG below.
 */
export const PLACEHOLDER_PATH = '/_assets/thumbs/file.png';

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
  <path d="M14 4h26l14 14v42H14z" fill="#ffffff" stroke="#8a9199" stroke-width="2"/>
  <path d="M40 4v14h14" fill="#e4e7eb" stroke="#8a9199" stroke-width="2"/>
  <path d="M22 30h24M22 38h24M22 46h16" stroke="#b4bac1" stroke-width="3"/>
</svg>`;

let rendered: Promise<Buffer> | undefined;

/** The placeholder's PNG bytes (rendered on first use, then kept). */
export function placeholderPng(): Promise<Buffer> {
  rendered ??= sharp(Buffer.from(ICON)).png().toBuffer();
  return rendered;
}
