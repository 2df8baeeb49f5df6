/**
 * The one way this library makes DOM: elements by tag name, attributes by setAttribute, text by
 * textContent or text nodes. Nothing here (or anywhere in the library) parses a string as HTML;
 * ESLint forbids innerHTML and friends in src/sandbox/preview/.
 */

export type Child = Node | string | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined> & {
  class?: string | null;
  text?: string;
};

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  children?: Child[],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = String(value);
    else if (key === 'text') node.textContent = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children ?? []) if (child) node.append(child);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const ICON_PATHS = {
  download: 'M11 4h2v8.17l3.59-3.58L18 10l-6 6-6-6 1.41-1.41L11 12.17V4zM5 18h14v2H5v-2z',
  open: 'M14 4h6v6h-2V7.41l-7.29 7.3-1.42-1.42L16.59 6H14V4zM5 6h6v2H6v10h10v-5h2v6H4V6h1z',
  retry: 'M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z',
};

/** Icons drawn inline: the library loads no image or font of its own. */
export function icon(name: keyof typeof ICON_PATHS): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'bsp-icon');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', ICON_PATHS[name]);
  svg.append(path);
  return svg;
}

/** A selector or an element, as the host passes `container` and `headerElement`. */
export function resolveElement(target: string | Element | null | undefined): Element | null {
  if (!target) return null;
  if (typeof target === 'string') {
    try {
      return document.querySelector(target);
    } catch {
      return null; // not a valid selector
    }
  }
  return target instanceof Element ? target : null;
}
