/**
 * The sandbox's preview library: a stand-in for Box's hosted `box-content-preview`, which
 * Content Preview loads from `{staticHost}/{staticPath}/{version}/{language}/preview.js` (+
 * `preview.css`) and then uses as `window.Box.Preview`. The sandbox serves this bundle at
 * `/platform/preview/...` (src/sandbox/preview-assets.ts); scripts/build-preview.ts builds it.
 *
 * It shows images, text and code, Markdown, CSV/TSV and PDF; anything else gets a download
 * panel. File content only ever reaches the page as text nodes or through blob: URLs: it is never
 * parsed as HTML.
 */
import './preview.css';
import { Preview } from './preview';

// Content Preview checks `window.Box.Preview`; the UI Elements bundles hold the rest of `Box`.
const page = window as unknown as { Box?: Record<string, unknown> };
page.Box = page.Box ?? {};
page.Box.Preview = Preview;
