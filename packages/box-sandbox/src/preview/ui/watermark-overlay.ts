import { TILE, tileCount } from '../watermark';
import { el } from './dom';

/**
 * The properties that keep the overlay on top and visible, set inline with `!important`: no
 * stylesheet of the host page can beat them (an inline important declaration wins the cascade).
 * Clicks and scrolling go through it to the content.
 */
const PINNED: [string, string][] = [
  ['display', 'block'],
  ['visibility', 'visible'],
  ['opacity', '1'],
  ['position', 'absolute'],
  ['inset', '0'],
  ['z-index', '2147483000'],
  ['pointer-events', 'none'],
  ['overflow', 'hidden'],
  ['transform', 'none'],
  ['filter', 'none'],
  ['clip-path', 'none'],
];

/**
 * The repeated block's look, set inline on it from TILE (the repetitions inherit the text's):
 * twice the overlay's size, centred on it, turned diagonally.
 */
const GRID: [string, string][] = [
  ['position', 'absolute'],
  ['top', '-50%'],
  ['left', '-50%'],
  ['display', 'flex'],
  ['flex-wrap', 'wrap'],
  ['gap', `${TILE.gapY}px ${TILE.gapX}px`],
  ['align-content', 'flex-start'],
  ['width', '200%'],
  ['height', '200%'],
  ['padding', '24px'],
  ['transform', 'rotate(-30deg)'],
  ['color', TILE.color],
  ['font-weight', '600'],
  ['font-size', `${TILE.fontSize}px`],
  ['font-family', 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif'],
  ['line-height', `${TILE.lineHeight}px`],
  ['white-space', 'nowrap'],
  ['text-shadow', '0 0 2px rgba(255, 255, 255, 0.6)'],
  ['user-select', 'none'],
];

/** The overlay's node: a block of the imprint, repeated, turned diagonally; all its style inline. */
export function watermarkNode(label: string, size: { width: number; height: number }): HTMLDivElement {
  const tiles = Array.from({ length: tileCount(size.width, size.height, label) }, () =>
    el('span', { class: 'bsp-watermark-tile', text: label }),
  );
  const grid = el('div', { class: 'bsp-watermark-grid' }, tiles);
  for (const [name, value] of GRID) grid.style.setProperty(name, value, 'important');
  const node = el('div', { class: 'bsp-watermark', 'aria-hidden': 'true', 'data-watermark': label }, [grid]);
  for (const [name, value] of PINNED) node.style.setProperty(name, value, 'important');
  return node;
}

/**
 * A watermark over the preview that stays: it covers the content (and what replaces it, viewer
 * after viewer), and whatever removes it, hides it or changes its text, it is put back as it was,
 * at once (a MutationObserver watches it and the element it covers). Only `destroy()`, when the
 * preview goes, takes it away.
 */
export class WatermarkOverlay {
  private node: HTMLDivElement;
  /** What the current node was made with: anything else means it was tampered with. */
  private expected = { style: '', gridStyle: '', text: '' };
  private readonly observer: MutationObserver | null;

  constructor(
    private readonly host: HTMLElement,
    /** The imprint shown. */
    readonly label: string,
  ) {
    this.node = this.build();
    host.append(this.node);
    this.observer = typeof MutationObserver === 'function' ? new MutationObserver(() => this.repair()) : null;
    this.observer?.observe(host, { childList: true, subtree: true, attributes: true, characterData: true });
  }

  /** Is the overlay on the page as it was made? */
  private isIntact(): boolean {
    const node = this.node;
    return (
      node.parentNode === this.host &&
      node.className === 'bsp-watermark' &&
      !node.hidden &&
      node.getAttribute('style') === this.expected.style &&
      node.getAttribute('aria-hidden') === 'true' &&
      node.textContent === this.expected.text &&
      node.childElementCount === 1 &&
      node.firstElementChild?.className === 'bsp-watermark-grid' &&
      node.firstElementChild.getAttribute('style') === this.expected.gridStyle &&
      // The repetitions take all their style from the block: one with its own was tampered with.
      node.firstElementChild.querySelector('[style]') === null
    );
  }

  /** Put a fresh overlay back where a changed or removed one was. */
  private repair(): void {
    if (this.isIntact()) return;
    this.node.remove();
    this.node = this.build();
    this.host.append(this.node);
  }

  private build(): HTMLDivElement {
    // Enough repetitions for the largest the preview may grow to: the screen, or the host now.
    const rect = this.host.getBoundingClientRect();
    const screenSize = typeof screen === 'undefined' ? { width: 0, height: 0 } : screen;
    const node = watermarkNode(this.label, {
      width: Math.max(rect.width, screenSize.width || 0, 1280),
      height: Math.max(rect.height, screenSize.height || 0, 800),
    });
    this.expected = {
      style: node.getAttribute('style') ?? '',
      gridStyle: node.firstElementChild?.getAttribute('style') ?? '',
      text: node.textContent ?? '',
    };
    return node;
  }

  destroy(): void {
    this.observer?.disconnect();
    this.node.remove();
  }
}
