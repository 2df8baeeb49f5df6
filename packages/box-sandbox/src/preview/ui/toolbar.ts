import type { PreviewOptions } from '../types';
import { el, icon, resolveElement } from './dom';

/**
 * The toolbar (file name, size, Download) is shown unless the host draws its own header.
 * Content Preview passes `header: 'none'` and a `headerElement` selector that matches only while
 * its own header is on the page.
 */
export function shouldShowToolbar(options: PreviewOptions): boolean {
  if (options.headerElement) return !resolveElement(options.headerElement);
  return options.header !== 'none';
}

export function toolbar(name: string, size: string, download: HTMLElement | null): HTMLElement {
  return el('div', { class: 'bsp-toolbar' }, [
    el('span', { class: 'bsp-toolbar-name', title: name, text: name }),
    size ? el('span', { class: 'bsp-toolbar-meta', text: size }) : null,
    download,
  ]);
}

export function downloadButton(primary: boolean, onClick: () => void): HTMLButtonElement {
  const button = el(
    'button',
    { type: 'button', class: primary ? 'bsp-btn bsp-btn--primary bsp-download' : 'bsp-btn bsp-download' },
    [icon('download'), el('span', { class: 'bsp-btn-label', text: 'Download' })],
  );
  button.addEventListener('click', onClick);
  return button;
}

/** "Open in a new tab", for viewers whose content the browser can show on its own (PDF). */
export function openButton(url: string, name: string): HTMLAnchorElement {
  return el(
    'a',
    {
      class: 'bsp-btn bsp-btn--icon',
      href: url,
      target: '_blank',
      rel: 'noopener',
      title: 'Open in a new tab',
      'aria-label': `Open ${name} in a new tab`,
    },
    [icon('open'), el('span', { class: 'bsp-btn-label', text: 'Open' })],
  );
}
