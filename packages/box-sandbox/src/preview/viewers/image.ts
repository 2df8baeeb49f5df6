import { PreviewError } from '../preview-error';
import { el } from '../ui/dom';
import type { Rendered, ViewerContext } from './context';

/** An image, decoded by the browser from a blob: URL typed by extension (the server's type is not trusted). */
export function renderImage(ctx: ViewerContext, bytes: Blob, mimeType: string): Promise<Rendered> {
  const url = ctx.objectUrl(new Blob([bytes], { type: mimeType }));
  const body = ctx.frame.resetBody('bsp-body--image');
  const img = el('img', {
    class: 'bsp-image',
    alt: ctx.file.name || 'Image',
    decoding: 'async',
    draggable: 'false',
  });
  const decoded = new Promise<Rendered>((resolve, reject) => {
    img.addEventListener('load', () => resolve({ printTarget: img }), { once: true });
    img.addEventListener(
      'error',
      () =>
        reject(
          new PreviewError(
            'error_image',
            "This image couldn't be displayed. The file may be damaged or in a format your browser doesn't support.",
          ),
        ),
      { once: true },
    );
  });
  img.src = url;
  body.append(el('div', { class: 'bsp-image-frame' }, [img]));
  return decoded;
}
