import type { PreviewError } from '../preview-error';
import { el, icon } from './dom';

/** A centred panel: a badge, a title, a line of text, an optional detail and actions. */
export function messagePanel(parts: {
  badge?: HTMLElement;
  title: string;
  text?: string;
  detail?: string;
  actions?: HTMLElement[];
}): HTMLDivElement {
  const panel = el('div', { class: 'bsp-message' }, [
    parts.badge,
    el('h2', { class: 'bsp-message-title', text: parts.title }),
    parts.text ? el('p', { class: 'bsp-message-text', text: parts.text }) : null,
    parts.detail ? el('p', { class: 'bsp-message-detail', text: parts.detail }) : null,
    parts.actions?.length ? el('div', { class: 'bsp-message-actions' }, parts.actions) : null,
  ]);
  return panel;
}

/** A sheet of paper with the file's extension on it. */
export function fileBadge(ext: string): HTMLDivElement {
  return el('div', { class: 'bsp-file-badge', 'aria-hidden': 'true' }, [
    el('span', { class: 'bsp-file-badge-ext', text: ext.slice(0, 5).toUpperCase() || 'FILE' }),
  ]);
}

/** The panel for a preview that failed: what happened, its code, and "Try again" when it may help. */
export function errorPanel(error: PreviewError, retry: (() => void) | null): HTMLDivElement {
  const actions: HTMLElement[] = [];
  if (retry) {
    const button = el('button', { type: 'button', class: 'bsp-btn bsp-btn--primary' }, [
      icon('retry'),
      el('span', { text: 'Try again' }),
    ]);
    button.addEventListener('click', retry);
    actions.push(button);
  }
  const status = error.details.status ? ` (HTTP ${error.details.status})` : '';
  const panel = messagePanel({
    badge: el('div', { class: 'bsp-error-badge', 'aria-hidden': 'true', text: '!' }),
    title: "Can't show this file",
    text: error.displayMessage || error.message,
    detail: `Error code: ${error.code}${status}`,
    actions,
  });
  panel.classList.add('bsp-message--error');
  panel.setAttribute('role', 'alert');
  return panel;
}

/** A note above partial content: "Showing the first ...". */
export function note(text: string, warn: boolean): HTMLParagraphElement {
  return el('p', { class: warn ? 'bsp-note bsp-note--warn' : 'bsp-note', text });
}
