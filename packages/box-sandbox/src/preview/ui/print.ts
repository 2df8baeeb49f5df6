import { el } from './dom';
import { watermarkNode } from './watermark-overlay';

const PRINT_CSS = [
  'body{margin:0;font:12pt/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#000;}',
  'pre{white-space:pre-wrap;overflow-wrap:anywhere;font:10pt/1.45 ui-monospace,Menlo,Consolas,monospace;}',
  'code{font-family:ui-monospace,Menlo,Consolas,monospace;}',
  'img{max-width:100%;height:auto;}',
  'table{border-collapse:collapse;font-size:9pt;}',
  'th,td{border:1px solid #888;padding:3px 6px;text-align:left;vertical-align:top;}',
  'blockquote{margin-left:0;padding-left:1em;border-left:3px solid #999;}',
  '.bsp-sr-only{display:none;}',
  'a{color:#000;}',
].join('\n');

/**
 * Print one node alone: a copy of it in a hidden frame, with print styles, then the frame goes.
 * A watermarked file prints with its watermark over every page.
 */
export function printNode(node: Node, title: string, watermark?: string): void {
  const frame = el('iframe', {
    class: 'bsp-print-frame',
    title: 'Print',
    'aria-hidden': 'true',
    tabindex: '-1',
  });
  document.body.append(frame);
  const win = frame.contentWindow;
  const doc = frame.contentDocument;
  if (!win || !doc) {
    frame.remove();
    return;
  }
  doc.title = title;
  const style = doc.createElement('style');
  style.textContent = PRINT_CSS;
  doc.head.append(style);
  doc.body.append(doc.importNode(node, true));
  if (watermark) {
    const overlay = doc.importNode(watermarkNode(watermark, { width: 1200, height: 1600 }), true);
    overlay.style.setProperty('position', 'fixed', 'important');
    doc.body.append(overlay);
  }
  const pending = Array.from(doc.images)
    .filter((img) => !img.complete)
    .map(
      (img) =>
        new Promise((resolve) => {
          img.addEventListener('load', resolve, { once: true });
          img.addEventListener('error', resolve, { once: true });
        }),
    );
  void Promise.all(pending).then(() => {
    try {
      win.focus();
      win.print();
    } finally {
      setTimeout(() => frame.remove(), 1000);
    }
  });
}

/** A PDF prints from the browser's own viewer in its frame, or from a new tab if that is refused. */
export function printFrame(frame: HTMLIFrameElement): void {
  try {
    const win = frame.contentWindow;
    if (win) {
      win.focus();
      win.print();
      return;
    }
  } catch {
    // Fall through to opening the PDF so the browser can print it.
  }
  const src = frame.getAttribute('src');
  if (src) window.open(src, '_blank', 'noopener');
}
