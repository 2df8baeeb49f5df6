import { el, icon } from '../ui/dom';
import { messagePanel, fileBadge } from '../ui/message';
import { openButton } from '../ui/toolbar';
import { extensionOf } from '../file-kind';
import type { Rendered, ViewerContext } from './context';

/** The browser's PDF viewer gets this long to say it loaded before the preview counts as shown. */
const PDF_LOAD_WAIT_MS = 3000;

/**
 * A PDF in the browser's own viewer: an iframe on a blob: URL, opened at `startPage`. A
 * watermarked one is shown without the viewer's toolbar (its own download and print would give
 * the PDF without the watermark), and is opened in a new tab only by who may download it.
 */
export async function renderPdf(ctx: ViewerContext, bytes: Blob): Promise<Rendered> {
  const { file } = ctx;
  const name = file.name || 'PDF';
  const mayOpen = !ctx.watermarked || ctx.canDownload;
  // Typed as PDF whatever the bytes are: an HTML file named .pdf must never load as a page of
  // this blob: URL's origin (the host page's).
  const url = ctx.objectUrl(new Blob([bytes], { type: 'application/pdf' }));
  if (navigator.pdfViewerEnabled === false) {
    // Chrome on Android, for one, shows no PDF inside a page: offer a new tab instead.
    const body = ctx.frame.resetBody('');
    const open = mayOpen
      ? el('a', { class: 'bsp-btn bsp-btn--primary', href: url, target: '_blank', rel: 'noopener' }, [
          icon('open'),
          el('span', { text: 'Open PDF' }),
        ])
      : null;
    const download = ctx.downloadButton(false);
    body.append(
      messagePanel({
        badge: fileBadge(extensionOf(file)),
        title: "This browser can't show PDFs inside the page",
        text: open
          ? `${file.name || 'This PDF'} can be opened in a new tab instead.`
          : `${file.name || 'This PDF'} is watermarked, and can't be opened outside the preview.`,
        actions: [open, download].filter((action) => action !== null),
      }),
    );
    return {};
  }
  const fragment = [ctx.watermarked ? 'toolbar=0' : '', ctx.startPage ? `page=${ctx.startPage}` : '']
    .filter(Boolean)
    .join('&');
  const src = fragment ? `${url}#${fragment}` : url;
  const body = ctx.frame.resetBody('bsp-body--pdf');
  const frame = el('iframe', { class: 'bsp-pdf', title: file.name || 'PDF document', src });
  // Some mobile browsers show only the first page inline: offer the full viewer as well.
  const toolbar = ctx.frame.toolbar();
  if (mayOpen) toolbar?.insertBefore(openButton(url, name), toolbar.querySelector('.bsp-download'));
  const loaded = new Promise<void>((resolve) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    setTimeout(resolve, PDF_LOAD_WAIT_MS);
  });
  body.append(frame);
  await loaded;
  return { pdfFrame: frame };
}
