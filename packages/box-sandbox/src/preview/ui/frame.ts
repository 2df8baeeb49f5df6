import { el } from './dom';
import { WatermarkOverlay } from './watermark-overlay';

const TOAST_MS = 8000;

/**
 * The preview's own box inside the host's container: a root region, an optional toolbar, and a
 * body that each viewer replaces with its own. Also the transient bits: the loading message, a
 * toast for failed downloads, the Download buttons' busy state, and a watermarked file's
 * watermark, over whatever the body shows.
 */
export class PreviewFrame {
  readonly root: HTMLDivElement;
  private body: HTMLDivElement;
  private toast: HTMLElement | null = null;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private watermark: WatermarkOverlay | null = null;

  constructor(
    private readonly container: Element,
    showLoading: boolean,
  ) {
    container.classList.add('bsp-host');
    // A visible container with no height of its own (plain page use) gets a default height.
    if (container.clientHeight < 1 && container.getClientRects().length > 0)
      container.classList.add('bsp-host--auto');
    this.root = el('div', {
      class: 'bsp-root',
      role: 'region',
      'aria-label': 'File preview',
      'aria-busy': 'true',
    });
    this.body = el('div', { class: 'bsp-body' });
    if (showLoading)
      this.body.append(
        el('div', { class: 'bsp-loading', role: 'status' }, [
          el('span', { class: 'bsp-spinner', 'aria-hidden': 'true' }),
          el('span', { text: 'Loading preview\u2026' }),
        ]),
      );
    this.root.append(this.body);
    container.append(this.root);
  }

  /** Name the region after the file, and put the toolbar (if any) above the body. */
  setFile(name: string, toolbar: HTMLElement | null): void {
    this.root.setAttribute('aria-label', `Preview of ${name}`);
    if (toolbar) this.root.insertBefore(toolbar, this.body);
  }

  toolbar(): HTMLElement | null {
    return this.root.querySelector('.bsp-toolbar');
  }

  /**
   * A fresh, empty body for a viewer. Scrollable bodies are focusable and named, so keyboard
   * users can scroll them.
   */
  resetBody(className: string, scrollLabel?: string): HTMLDivElement {
    const body = el('div', { class: `bsp-body ${className}`.trim() });
    if (scrollLabel) {
      body.setAttribute('tabindex', '0');
      body.setAttribute('role', 'document');
      body.setAttribute('aria-label', scrollLabel);
    }
    this.body.replaceWith(body);
    this.body = body;
    return body;
  }

  /** Draw Box's watermark (this imprint, repeated) over the preview, for as long as it is shown. */
  setWatermark(label: string): void {
    this.watermark?.destroy();
    this.watermark = new WatermarkOverlay(this.root, label);
  }

  /** The imprint drawn over the preview, if the file is watermarked. */
  watermarkText(): string | undefined {
    return this.watermark?.label;
  }

  loaded(): void {
    this.root.removeAttribute('aria-busy');
  }

  showToast(message: string): void {
    this.toast?.remove();
    clearTimeout(this.toastTimer);
    const close = el('button', { type: 'button', class: 'bsp-toast-close', 'aria-label': 'Dismiss' }, [
      '\u00d7',
    ]);
    const toast = el('div', { class: 'bsp-toast', role: 'alert' }, [el('span', { text: message }), close]);
    close.addEventListener('click', () => toast.remove());
    this.root.append(toast);
    this.toast = toast;
    this.toastTimer = setTimeout(() => toast.remove(), TOAST_MS);
  }

  setDownloadBusy(busy: boolean): void {
    this.root.querySelectorAll<HTMLButtonElement>('.bsp-download').forEach((button) => {
      button.disabled = busy;
      if (busy) button.setAttribute('aria-busy', 'true');
      else button.removeAttribute('aria-busy');
      const label = button.querySelector('.bsp-btn-label');
      if (label) label.textContent = busy ? 'Downloading\u2026' : 'Download';
    });
  }

  destroy(): void {
    clearTimeout(this.toastTimer);
    this.watermark?.destroy();
    this.watermark = null;
    this.root.remove();
    this.container.classList.remove('bsp-host', 'bsp-host--auto');
  }
}
