import type { Page } from 'playwright-core';

/** The focused element, as a person sees it; null when nothing (or the body) has the focus. */
export interface Focused {
  /** Its text as shown (innerText), trimmed. */
  text: string;
  /** What it is called: aria-label, else its text (a form field: its labels'), else its value or title. */
  name: string;
  tag: string;
  role: string | null;
  /** Inside the page's element (`#element`) or something the element put on the page. */
  inElement: boolean;
  /** The page's part it is in: the header (banner), main, the footer, or the element in main. */
  where: 'header' | 'main' | 'footer' | 'element' | 'other';
  /** Has a size, and starts inside the viewport's left, top and right edges. */
  onScreen: boolean;
  /** Wholly inside the viewport, bottom edge included. */
  inViewport: boolean;
  /** An outline of at least 2 px. */
  ring: boolean;
  /** A visible focus indicator: an outline, or a box-shadow spread, of at least 2 px. */
  visibleFocus: boolean;
}

/** What has the keyboard focus, and whether a person can see where it is. */
export function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    let el = document.activeElement as HTMLElement | null;
    // Inside a same-origin frame (none in the app's pages today), look into it.
    while (el instanceof HTMLIFrameElement && el.contentDocument?.activeElement) {
      el = el.contentDocument.activeElement as HTMLElement;
    }
    if (!el || el === document.body) return null;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    // "rgb(0, 97, 213) 0px 0px 0px 2px, rgba(0, 0, 0, 0.1) 0px 1px 2px 0px": the widest visible spread.
    const shadows = style.boxShadow === 'none' ? [] : style.boxShadow.split(/,(?![^(]*\))/);
    const spread = Math.max(
      0,
      ...shadows.map((shadow) => {
        const color = /rgba?\(([^)]*)\)/.exec(shadow)?.[1]?.split(',').map(Number) ?? [];
        if (color.length === 4 && color[3] === 0) return 0;
        const lengths = shadow
          .replace(/rgba?\([^)]*\)/, '')
          .trim()
          .split(/\s+/)
          .filter((part) => part.endsWith('px'))
          .map(parseFloat);
        return lengths[3] ?? 0;
      }),
    );
    const labels = 'labels' in el ? Array.from((el as HTMLInputElement).labels ?? []) : [];
    const text = (el.innerText ?? '').trim();
    const field = el.matches('input, select, textarea');
    const name =
      el.getAttribute('aria-label') ??
      ((field ? labels.map((label) => label.innerText.trim()).join(' ') : text) ||
        (el as HTMLInputElement).value ||
        el.getAttribute('title') ||
        '');
    const ownBodyChild = (node: Element) => node.matches('.skip-link, .site-header, main, .site-footer');
    const bodyChild = (() => {
      let node: Element = el;
      while (node.parentElement && node.parentElement !== document.body) node = node.parentElement;
      return node;
    })();
    const inElement = Boolean(el.closest('#element')) || !ownBodyChild(bodyChild);
    const where = inElement
      ? 'element'
      : el.closest('header, [role="banner"]')
        ? 'header'
        : el.closest('main, [role="main"]')
          ? 'main'
          : el.closest('footer, [role="contentinfo"]')
            ? 'footer'
            : 'other';
    return {
      text,
      name: name.trim(),
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute('role'),
      inElement,
      where: where as 'header' | 'main' | 'footer' | 'element' | 'other',
      onScreen: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0 && box.right <= innerWidth,
      inViewport:
        box.width > 0 &&
        box.height > 0 &&
        box.left >= 0 &&
        box.top >= 0 &&
        box.right <= innerWidth &&
        box.bottom <= innerHeight,
      ring: outline,
      visibleFocus: outline || spread >= 2,
    };
  });
}

/**
 * What a quick accessibility pass looks at, measured in the page: landmarks, one h1, controls
 * with a name, images with alt, no sideways scrolling, and the contrast of the page's own text
 * (the app's header, intro, notices and footer; the elements bring their own styles).
 */
export function pageFacts(page: Page) {
  return page.evaluate(() => {
    const count = (selector: string) => document.querySelectorAll(selector).length;
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden';
    };

    const labelOf = (el: Element): string => {
      const aria = el.getAttribute('aria-label') ?? '';
      const labelledBy = (el.getAttribute('aria-labelledby') ?? '')
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
      const labels =
        'labels' in el ? Array.from((el as HTMLInputElement).labels ?? []).map((l) => l.textContent) : [];
      const own =
        el instanceof HTMLInputElement ? '' : ((el as HTMLElement).innerText ?? el.textContent ?? '');
      const images = Array.from(el.querySelectorAll('img[alt], svg[aria-label]')).map(
        (i) => i.getAttribute('alt') ?? i.getAttribute('aria-label'),
      );
      return [aria, labelledBy, ...labels, own, el.getAttribute('title') ?? '', ...images].join(' ').trim();
    };
    const controls = Array.from(
      document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea'),
    )
      .filter(visible)
      .filter((el) => !labelOf(el));

    const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const channel = (v: number) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
    };
    const background = (el: Element | null): number[] => {
      for (let node = el; node; node = node.parentElement) {
        const [r, g, b, a = 1] = rgb(getComputedStyle(node).backgroundColor);
        if (a > 0.5) return [r!, g!, b!];
      }
      return [255, 255, 255];
    };
    const ownText = [
      '.site-header a',
      '.badge',
      '.box-target__host',
      'main h1',
      'main h2',
      '.element-page__intro p',
      '.hero p',
      '.status dt',
      '.status dd',
      '.card__title',
      '.card__text',
      '.notice:not([hidden])',
      '.alert',
      '.chosen p',
      '.site-footer p',
    ];
    const lowContrast = Array.from(document.querySelectorAll(ownText.join(',')))
      .filter(visible)
      .map((el) => {
        const fg = luminance(rgb(getComputedStyle(el).color));
        const bg = luminance(background(el));
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        return {
          text: (el as HTMLElement).innerText.trim().slice(0, 40),
          ratio: Math.round(ratio * 100) / 100,
        };
      })
      .filter(({ ratio }) => ratio < 4.5);

    return {
      lang: document.documentElement.lang,
      title: document.title,
      landmarks: {
        banner: count('header.site-header, [role="banner"]'),
        main: count('main, [role="main"]'),
        contentinfo: count('footer.site-footer, [role="contentinfo"]'),
        navigation: count('nav[aria-label="Main"]'),
      },
      // The element fills the page's box for it (the Sidebar page's box is as wide as Content
      // Sidebar's own panel on wide screens): no empty band beside or below it.
      elementFillsItsBox: (() => {
        const box = document.querySelector('#element');
        const element = box?.querySelector(':scope > .be');
        if (!box) return true; // the home page
        if (!element) return 'no element in #element';
        const { width, height } = element.getBoundingClientRect();
        const fills = Math.abs(width - box.clientWidth) <= 1 && Math.abs(height - box.clientHeight) <= 1;
        return fills || `element ${width}x${height} in a box of ${box.clientWidth}x${box.clientHeight}`;
      })(),
      horizontalOverflow:
        document.documentElement.scrollWidth > innerWidth
          ? Array.from(document.querySelectorAll('body *'))
              .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5)
              .map((el) => el.outerHTML.slice(0, 80))
              .slice(0, 5)
          : false,
      unnamedControls: controls.map((el) => el.outerHTML.slice(0, 120)),
      imagesWithoutAlt: Array.from(document.querySelectorAll('img:not([alt])')).map((el) =>
        el.outerHTML.slice(0, 120),
      ),
      lowContrast,
    };
  });
}
