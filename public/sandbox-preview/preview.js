/*!
 * Sandbox preview library.
 *
 * A small stand-in for Box's hosted preview library (window.Box.Preview) used in
 * sandbox mode. It implements the part of the Box.Preview interface that
 * box-ui-elements' ContentPreview relies on, and renders images, text, code,
 * Markdown, CSV/TSV and PDF files (anything else gets a download prompt).
 *
 * Plain browser JavaScript (ES2020), no dependencies, no build step.
 * File content is only ever put into the page as text nodes or through
 * blob: URLs; it is never parsed as HTML.
 *
 * ContentPreview loads this file from
 *   {staticHost}/{staticPath}/{previewLibraryVersion}/{language}/preview.js (+ preview.css)
 * and then does: new Box.Preview(); addListener('load' | 'preview_error' | ...);
 * updateFileCache([file]); show(fileId, tokenFn, options); later resize(),
 * getCurrentViewer(), canPrint(), print(), download(), updateToken(), destroy(),
 * removeAllListeners().
 *
 * Options read by show(): container (selector or Element), apiHost,
 * fileOptions[fileId].fileVersionId / .startAt, showDownload, showLoading,
 * header / headerElement, sharedLink / sharedLinkPassword, language, collection,
 * viewers[name].disabled.
 *
 * Events: 'viewer' (viewer), 'load' ({ viewer, file, metrics: { time: { conversion,
 * rendering, total } } }), 'preview_metric' ({ event_name: 'load', value, ... }),
 * 'preview_error' ({ error: { code, message, displayMessage, details }, file_id,
 * file_version_id, ... }), 'download', 'navigate'.
 *
 * HTTP: GET {apiHost}/2.0/files/:id?fields=... (X-Rep-Hints: [original]) unless the
 * cached file already has an "original" representation; bytes from that
 * representation's content.url_template; downloads from GET /2.0/files/:id/content.
 */
(function () {
  'use strict';

  if (typeof window === 'undefined' || typeof document === 'undefined') {
    return;
  }

  const VERSION = '1.0.0';
  const DEFAULT_API_HOST = 'https://api.box.com';
  const MAX_TEXT_BYTES = 5 * 1024 * 1024;
  const MAX_TABLE_ROWS = 1000;
  const MAX_MARKDOWN_DEPTH = 16;
  const MAX_INLINE_DEPTH = 12;
  const PDF_LOAD_WAIT_MS = 3000;
  const TOAST_MS = 8000;
  const FILE_FIELDS = [
    'id',
    'name',
    'extension',
    'size',
    'sha1',
    'file_version',
    'permissions',
    'is_download_available',
    'authenticated_download_url',
    'representations',
  ].join(',');

  const IMAGE_TYPES = {
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    svg: 'image/svg+xml',
    bmp: 'image/bmp',
    ico: 'image/x-icon',
    avif: 'image/avif',
  };
  const PLAIN_TEXT_EXTENSIONS = new Set(['txt', 'text', 'log', 'out', 'me', 'nfo']);
  const MARKDOWN_EXTENSIONS = new Set(['md', 'markdown', 'mdown', 'mkd', 'mkdn']);
  const DELIMITERS = { csv: ',', tsv: '\t' };
  const CODE_EXTENSIONS = new Set(
    (
      'js mjs cjs jsx ts mts cts tsx json jsonc json5 map css scss sass less styl html htm xhtml xml xsd xsl xslt ' +
      'svgz vue svelte astro py pyw pyi ipynb java kt kts scala groovy gradle c h cc cpp cxx hh hpp hxx m mm cs fs ' +
      'go rs swift rb erb php pl pm r lua dart ex exs erl hrl clj cljs elm hs ml nim zig jl v sol ' +
      'sh bash zsh fish ksh ps1 psm1 bat cmd yaml yml toml ini cfg conf properties env sql graphql gql proto ' +
      'tf tfvars hcl dockerfile makefile mk cmake diff patch tex bib rst adoc asciidoc org srt vtt csl ' +
      'gitignore gitattributes editorconfig npmrc lock'
    ).split(' '),
  );
  const CODE_FILE_NAMES = new Set([
    'dockerfile',
    'makefile',
    'gemfile',
    'rakefile',
    'procfile',
    'jenkinsfile',
    'vagrantfile',
    'license',
    'readme',
    'changelog',
    'authors',
    'contributing',
    '.gitignore',
    '.env',
    '.editorconfig',
  ]);
  const RETRYABLE_CODES = new Set([
    'error_network',
    'error_server',
    'error_rate_limited',
    'error_unauthorized',
    'error_bad_token',
    'error_request',
    'error_load_content',
    'error_bad_response',
  ]);

  /* ------------------------------------------------------------------ */
  /* Small helpers                                                       */
  /* ------------------------------------------------------------------ */

  const now = () => (typeof performance !== 'undefined' && performance.now ? performance.now() : Date.now());

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach((key) => {
        const value = attrs[key];
        if (value === undefined || value === null || value === false) {
          return;
        }
        if (key === 'class') {
          node.className = value;
        } else if (key === 'text') {
          node.textContent = value;
        } else {
          node.setAttribute(key, value === true ? '' : String(value));
        }
      });
    }
    if (children) {
      children.forEach((child) => {
        if (child !== null && child !== undefined && child !== false) {
          node.append(child);
        }
      });
    }
    return node;
  }

  const SVG_NS = 'http://www.w3.org/2000/svg';
  const ICON_PATHS = {
    download: 'M11 4h2v8.17l3.59-3.58L18 10l-6 6-6-6 1.41-1.41L11 12.17V4zM5 18h14v2H5v-2z',
    open: 'M14 4h6v6h-2V7.41l-7.29 7.3-1.42-1.42L16.59 6H14V4zM5 6h6v2H6v10h10v-5h2v6H4V6h1z',
    retry: 'M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z',
  };

  function icon(name) {
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

  function formatBytes(bytes, locale) {
    if (typeof bytes !== 'number' || !isFinite(bytes) || bytes < 0) {
      return '';
    }
    const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    let formatted;
    try {
      formatted = new Intl.NumberFormat(locale || undefined, {
        maximumFractionDigits: unit === 0 ? 0 : 1,
      }).format(value);
    } catch (e) {
      formatted = String(Math.round(value * 10) / 10);
    }
    return unit === 0 && bytes === 1 ? '1 byte' : `${formatted} ${units[unit]}`;
  }

  function formatNumber(n, locale) {
    try {
      return new Intl.NumberFormat(locale || undefined).format(n);
    } catch (e) {
      return String(n);
    }
  }

  function extensionOf(file) {
    let ext = typeof file.extension === 'string' ? file.extension.toLowerCase() : '';
    if (!ext && typeof file.name === 'string') {
      const match = /\.([^./\\]+)$/.exec(file.name);
      ext = match ? match[1].toLowerCase() : '';
    }
    return ext.replace(/^\./, '');
  }

  function detectKind(file) {
    const ext = extensionOf(file);
    const name = typeof file.name === 'string' ? file.name.toLowerCase() : '';
    if (IMAGE_TYPES[ext]) {
      return { viewer: 'Image', kind: 'image', ext };
    }
    if (ext === 'pdf') {
      return { viewer: 'Document', kind: 'pdf', ext };
    }
    if (MARKDOWN_EXTENSIONS.has(ext)) {
      return { viewer: 'Markdown', kind: 'markdown', ext, text: true };
    }
    if (DELIMITERS[ext]) {
      return { viewer: 'CSV', kind: 'table', ext, text: true };
    }
    if (PLAIN_TEXT_EXTENSIONS.has(ext)) {
      return { viewer: 'Text', kind: 'text', ext, text: true };
    }
    if (CODE_EXTENSIONS.has(ext) || CODE_FILE_NAMES.has(name)) {
      return { viewer: 'Text', kind: 'code', ext, text: true };
    }
    return { viewer: 'Unsupported', kind: 'unsupported', ext };
  }

  function resolveElement(target) {
    if (!target) {
      return null;
    }
    if (typeof target === 'string') {
      try {
        return document.querySelector(target);
      } catch (e) {
        return null;
      }
    }
    return typeof Element !== 'undefined' && target instanceof Element ? target : null;
  }

  function getOriginalRepresentation(file) {
    const entries = file && file.representations && file.representations.entries;
    if (!Array.isArray(entries)) {
      return null;
    }
    return entries.find((entry) => entry && entry.representation === 'original') || null;
  }

  function trimSlash(host) {
    return String(host || '').replace(/\/+$/, '');
  }

  /* ------------------------------------------------------------------ */
  /* Errors                                                              */
  /* ------------------------------------------------------------------ */

  class PreviewError extends Error {
    constructor(code, displayMessage, details) {
      super(displayMessage);
      this.name = 'PreviewError';
      this.code = code;
      this.displayMessage = displayMessage;
      this.details = details || {};
    }

    toJSON() {
      return {
        name: this.name,
        code: this.code,
        message: this.message,
        displayMessage: this.displayMessage,
        details: this.details,
      };
    }
  }

  function httpError(status, body) {
    const details = {
      status,
      apiCode: body && typeof body.code === 'string' ? body.code : undefined,
      apiMessage: body && typeof body.message === 'string' ? body.message : undefined,
      requestId: body && typeof body.request_id === 'string' ? body.request_id : undefined,
    };
    if (status === 401) {
      return new PreviewError(
        'error_unauthorized',
        'Your access to this file has expired or the access token is not valid. Reload the page and try again.',
        details,
      );
    }
    if (status === 403) {
      return new PreviewError('error_permissions', "You don't have permission to view this file.", details);
    }
    if (status === 404) {
      return new PreviewError(
        'error_not_found',
        "This file couldn't be found. It may have been moved or deleted.",
        details,
      );
    }
    if (status === 429) {
      return new PreviewError(
        'error_rate_limited',
        'Too many requests right now. Wait a moment and try again.',
        details,
      );
    }
    if (status >= 500) {
      return new PreviewError(
        'error_server',
        'The server ran into a problem. Try again in a moment.',
        details,
      );
    }
    return new PreviewError('error_request', `The request for this file failed (HTTP ${status}).`, details);
  }

  function toPreviewError(err) {
    if (err instanceof PreviewError) {
      return err;
    }
    return new PreviewError('error_load_content', 'Something went wrong while loading this file.', {
      cause: err && err.message ? String(err.message) : String(err),
    });
  }

  function isAbort(err) {
    return !!err && (err.name === 'AbortError' || err.code === 'error_aborted');
  }

  /* ------------------------------------------------------------------ */
  /* Tokens                                                              */
  /* ------------------------------------------------------------------ */

  /**
   * Accepts a token string, a {read, write} pair, or a function
   * (typedId) => token | Promise<token | {read, write} | {[typedId]: token}>.
   * (ContentPreview passes a function that resolves to a map keyed by typed id.)
   */
  async function resolveToken(tokenOrFunction, fileId) {
    const typedId = `file_${fileId}`;
    let token = tokenOrFunction;
    if (typeof token === 'function') {
      try {
        token = await token(typedId);
      } catch (err) {
        throw new PreviewError('error_bad_token', "Couldn't get an access token for this file.", {
          cause: err && err.message ? String(err.message) : String(err),
        });
      }
    }
    if (token && typeof token === 'object') {
      if (Object.prototype.hasOwnProperty.call(token, typedId)) {
        token = token[typedId];
      }
      if (token && typeof token === 'object') {
        token = token.read || token.write;
      }
    }
    if (typeof token !== 'string' || !token) {
      throw new PreviewError('error_bad_token', 'The access token for this file is missing or not valid.');
    }
    return token;
  }

  /* ------------------------------------------------------------------ */
  /* Event emitter                                                       */
  /* ------------------------------------------------------------------ */

  class Emitter {
    constructor() {
      this._listeners = new Map();
    }

    addListener(name, listener) {
      if (typeof listener !== 'function') {
        return this;
      }
      if (!this._listeners.has(name)) {
        this._listeners.set(name, []);
      }
      this._listeners.get(name).push(listener);
      return this;
    }

    on(name, listener) {
      return this.addListener(name, listener);
    }

    once(name, listener) {
      if (typeof listener !== 'function') {
        return this;
      }
      const wrapper = (...args) => {
        this.removeListener(name, wrapper);
        listener.apply(this, args);
      };
      wrapper.listener = listener;
      return this.addListener(name, wrapper);
    }

    removeListener(name, listener) {
      const list = this._listeners.get(name);
      if (!list) {
        return this;
      }
      for (let i = list.length - 1; i >= 0; i -= 1) {
        if (list[i] === listener || list[i].listener === listener) {
          list.splice(i, 1);
          break;
        }
      }
      if (!list.length) {
        this._listeners.delete(name);
      }
      return this;
    }

    off(name, listener) {
      return this.removeListener(name, listener);
    }

    removeAllListeners(name) {
      if (name === undefined) {
        this._listeners.clear();
      } else {
        this._listeners.delete(name);
      }
      return this;
    }

    listeners(name) {
      return (this._listeners.get(name) || []).map((fn) => fn.listener || fn);
    }

    listenerCount(name) {
      return (this._listeners.get(name) || []).length;
    }

    emit(name, ...args) {
      const list = this._listeners.get(name);
      if (!list || !list.length) {
        return false;
      }
      list.slice().forEach((listener) => {
        try {
          listener.apply(this, args);
        } catch (err) {
          // A broken listener must not break the preview; surface it asynchronously.
          setTimeout(() => {
            throw err;
          }, 0);
        }
      });
      return true;
    }
  }

  /* ------------------------------------------------------------------ */
  /* Viewer object returned by getCurrentViewer() / sent with 'load'      */
  /* ------------------------------------------------------------------ */

  class SandboxViewer extends Emitter {
    constructor(name, kind) {
      super();
      this.NAME = name;
      this.name = name;
      this.kind = kind;
      this.loaded = false;
      this.destroyed = false;
      this.printable = false;
      this.controlsDisabled = false;
    }

    isLoaded() {
      return this.loaded && !this.destroyed;
    }

    isDestroyed() {
      return this.destroyed;
    }

    allowNavigationArrows() {
      return true;
    }

    onKeydown() {
      return false;
    }

    resize() {
      this.emit('resize');
    }

    getThumbnail() {
      return Promise.resolve(null);
    }

    disableViewerControls() {
      this.controlsDisabled = true;
    }

    enableViewerControls() {
      this.controlsDisabled = false;
    }

    destroy() {
      if (this.destroyed) {
        return;
      }
      this.destroyed = true;
      this.emit('destroy');
      this.removeAllListeners();
    }
  }

  /* ------------------------------------------------------------------ */
  /* Text decoding                                                       */
  /* ------------------------------------------------------------------ */

  function decodeText(buffer) {
    const bytes = new Uint8Array(buffer);
    if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
      return new TextDecoder('utf-16le').decode(bytes);
    }
    if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
      return new TextDecoder('utf-16be').decode(bytes);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (e) {
      try {
        return new TextDecoder('windows-1252').decode(bytes);
      } catch (e2) {
        return new TextDecoder('utf-8').decode(bytes);
      }
    }
  }

  function looksBinary(buffer) {
    const bytes = new Uint8Array(buffer, 0, Math.min(buffer.byteLength, 8000));
    if (
      bytes.length >= 2 &&
      ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    ) {
      return false;
    }
    for (let i = 0; i < bytes.length; i += 1) {
      if (bytes[i] === 0) {
        return true;
      }
    }
    return false;
  }

  /* ------------------------------------------------------------------ */
  /* CSV / TSV                                                           */
  /* ------------------------------------------------------------------ */

  /**
   * RFC 4180-style parser: quoted fields may contain delimiters, newlines and
   * doubled quotes. Keeps at most maxRows rows but counts all of them.
   */
  function parseDelimited(text, delimiter, maxRows) {
    const rows = [];
    let total = 0;
    let row = [];
    let field = '';
    let fieldQuoted = false;
    let i = 0;
    const n = text.length;
    if (text.charCodeAt(0) === 0xfeff) {
      i = 1;
    }

    const endRow = () => {
      row.push(field);
      const isBlankLine = row.length === 1 && row[0] === '' && !fieldQuoted;
      if (!isBlankLine) {
        total += 1;
        if (rows.length < maxRows) {
          rows.push(row);
        }
      }
      row = [];
      field = '';
      fieldQuoted = false;
    };

    while (i < n) {
      const c = text[i];
      if (c === '"' && field === '' && !fieldQuoted) {
        // Quoted field: read up to the closing quote, unescaping "".
        fieldQuoted = true;
        i += 1;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) {
            field += text.slice(i);
            i = n;
            break;
          }
          field += text.slice(i, q);
          if (text[q + 1] === '"') {
            field += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        continue;
      }
      if (c === delimiter) {
        row.push(field);
        field = '';
        fieldQuoted = false;
        i += 1;
        continue;
      }
      if (c === '\n' || c === '\r') {
        endRow();
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        continue;
      }
      // Plain run of characters up to the next special character.
      let j = i + 1;
      while (j < n) {
        const d = text[j];
        if (d === delimiter || d === '\n' || d === '\r') {
          break;
        }
        j += 1;
      }
      field += text.slice(i, j);
      i = j;
    }
    if (field !== '' || row.length || fieldQuoted) {
      endRow();
    }
    return { rows, total };
  }

  /* ------------------------------------------------------------------ */
  /* Markdown (safe subset, builds DOM nodes directly)                   */
  /* ------------------------------------------------------------------ */

  const Markdown = (function () {
    const RE_FENCE = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;
    const RE_ATX = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
    const RE_HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
    const RE_QUOTE = /^ {0,3}> ?/;
    const RE_LIST = /^( {0,3})([-+*]|\d{1,9}[.)])([ \t]+|$)(.*)$/;
    const RE_SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
    const RE_TABLE_DELIM = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
    const MAX_TABLE_DELIM_LENGTH = 2000;
    const MAX_LINK_SCAN = 2000;
    const MAX_NESTING = 32;
    const RE_TASK = /^\[([ xX])\][ \t]+/;
    const ESCAPABLE = '\\`*_{}[]()#+-.!|~<>"\'&$%,:;=?@^/';
    const ENTITIES = {
      amp: '&',
      lt: '<',
      gt: '>',
      quot: '"',
      apos: "'",
      nbsp: '\u00a0',
      copy: '\u00a9',
      reg: '\u00ae',
      trade: '\u2122',
      hellip: '\u2026',
      mdash: '\u2014',
      ndash: '\u2013',
      larr: '\u2190',
      rarr: '\u2192',
      times: '\u00d7',
      middot: '\u00b7',
    };
    const RE_ENTITY = /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/y;
    const RE_AUTOLINK =
      /<((?:https?:\/\/|mailto:)[^\s<>]{1,2000}|[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8})>/y;
    const RE_BARE_URL = /https?:\/\/[^\s<]*[^\s<.,:;"')\]!?*_~]/y;

    const isBlank = (line) => /^[ \t]*$/.test(line);

    function expandTabs(line) {
      if (line.indexOf('\t') === -1) {
        return line;
      }
      let out = '';
      for (let i = 0; i < line.length; i += 1) {
        const c = line[i];
        if (c === '\t') {
          out += ' '.repeat(4 - (out.length % 4));
        } else {
          out += c;
        }
      }
      return out;
    }

    function indentOf(line) {
      const m = /^ */.exec(line);
      return m ? m[0].length : 0;
    }

    function safeUrl(raw) {
      // Drop control characters (browsers ignore them in URLs, which can hide a scheme).
      const candidate = Array.from(String(raw || '').trim())
        .filter((ch) => ch.charCodeAt(0) > 0x1f && ch.charCodeAt(0) !== 0x7f)
        .join('');
      if (!candidate) {
        return null;
      }
      try {
        const url = new URL(candidate);
        if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:') {
          return url.href;
        }
      } catch (e) {
        // Relative or malformed URLs are not linked.
      }
      return null;
    }

    function decodeEntity(body) {
      if (body[0] === '#') {
        const code =
          body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        if (!code || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
          return '\ufffd';
        }
        return String.fromCodePoint(code);
      }
      return Object.prototype.hasOwnProperty.call(ENTITIES, body) ? ENTITIES[body] : null;
    }

    /** Heading content without the optional closing run of #s (done by hand: no regex backtracking). */
    function headingText(rest) {
      let text = rest.trim();
      let end = text.length;
      while (end > 0 && text[end - 1] === '#') {
        end -= 1;
      }
      if (end < text.length && (end === 0 || text[end - 1] === ' ' || text[end - 1] === '\t')) {
        text = text.slice(0, end).trim();
      }
      return text;
    }

    function trimTrailingSpaces(str) {
      let end = str.length;
      while (end > 0 && str[end - 1] === ' ') {
        end -= 1;
      }
      return end === str.length ? str : str.slice(0, end);
    }

    function startsBlock(line) {
      return (
        RE_FENCE.test(line) ||
        RE_ATX.test(line) ||
        RE_HR.test(line) ||
        RE_QUOTE.test(line) ||
        RE_LIST.test(line)
      );
    }

    function splitTableRow(line) {
      let s = line.trim();
      if (s.startsWith('|')) {
        s = s.slice(1);
      }
      if (s.endsWith('|') && !s.endsWith('\\|')) {
        s = s.slice(0, -1);
      }
      const cells = [];
      let cell = '';
      for (let i = 0; i < s.length; i += 1) {
        const c = s[i];
        if (c === '\\' && s[i + 1] === '|') {
          cell += '|';
          i += 1;
        } else if (c === '|') {
          cells.push(cell.trim());
          cell = '';
        } else {
          cell += c;
        }
      }
      cells.push(cell.trim());
      return cells;
    }

    /* ---------------- inline ---------------- */

    function parseInline(text, depth) {
      const out = [];
      if (depth > MAX_INLINE_DEPTH) {
        out.push(document.createTextNode(text));
        return out;
      }
      let buf = '';
      const flush = () => {
        if (buf) {
          out.push(document.createTextNode(buf));
          buf = '';
        }
      };
      // Memo of failed closer searches: key -> start index from which no closer exists.
      const noCloserFrom = Object.create(null);
      const closers = { bracket: text.lastIndexOf(']'), paren: text.lastIndexOf(')') };
      const n = text.length;
      let i = 0;

      while (i < n) {
        const c = text[i];

        if (c === '\\') {
          const next = text[i + 1];
          if (next === '\n') {
            flush();
            out.push(document.createElement('br'));
            i += 2;
            continue;
          }
          if (next !== undefined && ESCAPABLE.indexOf(next) !== -1) {
            buf += next;
            i += 2;
            continue;
          }
          buf += c;
          i += 1;
          continue;
        }

        if (c === '\n') {
          if (buf.endsWith('  ')) {
            buf = trimTrailingSpaces(buf);
            flush();
            out.push(document.createElement('br'));
          } else {
            buf = `${trimTrailingSpaces(buf)}\n`;
          }
          i += 1;
          while (text[i] === ' ') {
            i += 1;
          }
          continue;
        }

        if (c === '`') {
          let run = 1;
          while (text[i + run] === '`') {
            run += 1;
          }
          const key = `\`${run}`;
          const from = i + run;
          let close = -1;
          if (!(key in noCloserFrom) || from < noCloserFrom[key]) {
            const fence = '`'.repeat(run);
            let search = from;
            for (;;) {
              const j = text.indexOf(fence, search);
              if (j === -1) {
                noCloserFrom[key] = from;
                break;
              }
              let end = j + run;
              if (text[end] !== '`') {
                close = j;
                break;
              }
              while (text[end] === '`') {
                end += 1;
              }
              search = end;
            }
          }
          if (close !== -1) {
            let content = text.slice(from, close).replace(/\n/g, ' ');
            if (
              content.length > 2 &&
              content[0] === ' ' &&
              content[content.length - 1] === ' ' &&
              content.trim()
            ) {
              content = content.slice(1, -1);
            }
            flush();
            out.push(el('code', { text: content }));
            i = close + run;
          } else {
            buf += '`'.repeat(run);
            i += run;
          }
          continue;
        }

        if (c === '!' && text[i + 1] === '[') {
          const link = parseLink(text, i + 1, closers);
          if (link) {
            flush();
            out.push(makeImageLink(link));
            i = link.end;
            continue;
          }
        }

        if (c === '[') {
          const link = parseLink(text, i, closers);
          if (link) {
            flush();
            out.push(makeLink(link, depth));
            i = link.end;
            continue;
          }
        }

        if (c === '<') {
          RE_AUTOLINK.lastIndex = i;
          const m = RE_AUTOLINK.exec(text);
          if (m) {
            const target = m[1].indexOf('@') !== -1 && !/^[a-z]+:/i.test(m[1]) ? `mailto:${m[1]}` : m[1];
            const href = safeUrl(target);
            if (href) {
              flush();
              out.push(anchor(href, [document.createTextNode(m[1])]));
              i += m[0].length;
              continue;
            }
          }
        }

        if ((c === 'h' || c === 'H') && (i === 0 || /[\s(]/.test(text[i - 1]))) {
          RE_BARE_URL.lastIndex = i;
          const m = RE_BARE_URL.exec(text);
          if (m) {
            const href = safeUrl(m[0]);
            if (href) {
              flush();
              out.push(anchor(href, [document.createTextNode(m[0])]));
              i += m[0].length;
              continue;
            }
          }
        }

        if (c === '&') {
          RE_ENTITY.lastIndex = i;
          const m = RE_ENTITY.exec(text);
          if (m) {
            const decoded = decodeEntity(m[1]);
            if (decoded !== null) {
              buf += decoded;
              i += m[0].length;
              continue;
            }
          }
        }

        if (c === '*' || c === '_' || c === '~') {
          const em = parseEmphasis(text, i, depth, noCloserFrom);
          if (em) {
            flush();
            out.push(em.node);
            i = em.end;
            continue;
          }
          let j = i;
          while (text[j] === c) {
            j += 1;
          }
          buf += text.slice(i, j);
          i = j;
          continue;
        }

        buf += c;
        i += 1;
      }
      flush();
      return out;
    }

    function isWordChar(ch) {
      return !!ch && /[\p{L}\p{N}]/u.test(ch);
    }

    function parseEmphasis(text, i, depth, noCloserFrom) {
      const c = text[i];
      let run = 1;
      while (text[i + run] === c) {
        run += 1;
      }
      if (c === '~' && run !== 2) {
        return null;
      }
      if (run > 3) {
        return null;
      }
      const after = text[i + run];
      if (!after || /\s/.test(after)) {
        return null;
      }
      if (c === '_' && isWordChar(text[i - 1])) {
        return null;
      }
      const key = c + run;
      const from = i + run + 1; // content must be non-empty
      if (key in noCloserFrom && from >= noCloserFrom[key]) {
        return null;
      }
      const delim = c.repeat(run);
      let search = from;
      let close = -1;
      for (;;) {
        const j = text.indexOf(delim, search);
        if (j === -1) {
          noCloserFrom[key] = from;
          break;
        }
        const valid =
          text[j - 1] !== c &&
          text[j + run] !== c &&
          !/\s/.test(text[j - 1]) &&
          text[j - 1] !== '\\' &&
          !(c === '_' && isWordChar(text[j + run]));
        if (valid) {
          close = j;
          break;
        }
        search = j + 1;
      }
      if (close === -1) {
        return null;
      }
      const inner = text.slice(i + run, close);
      let node;
      if (c === '~') {
        node = el('del');
      } else if (run === 1) {
        node = el('em');
      } else if (run === 2) {
        node = el('strong');
      } else {
        node = el('strong');
        const em = el('em');
        node.append(em);
        parseInline(inner, depth + 1).forEach((child) => em.append(child));
        return { node, end: close + run };
      }
      parseInline(inner, depth + 1).forEach((child) => node.append(child));
      return { node, end: close + run };
    }

    /** Parses [label](url "title") starting at text[i] === '['. */
    function parseLink(text, i, closers) {
      if (i > closers.bracket || i > closers.paren) {
        return null; // no "]" or ")" anywhere after this point
      }
      let depth = 0;
      let k = i;
      const limit = Math.min(text.length, i + MAX_LINK_SCAN);
      for (; k < limit; k += 1) {
        const ch = text[k];
        if (ch === '\\') {
          k += 1;
        } else if (ch === '[') {
          depth += 1;
          if (depth > MAX_NESTING) {
            return null;
          }
        } else if (ch === ']') {
          depth -= 1;
          if (depth === 0) {
            break;
          }
        }
      }
      if (k >= limit || text[k] !== ']' || text[k + 1] !== '(') {
        return null;
      }
      const label = text.slice(i + 1, k);
      let p = k + 2;
      while (text[p] === ' ' || text[p] === '\n') {
        p += 1;
      }
      let url;
      if (text[p] === '<') {
        const close = scanFor(text, '>', p + 1);
        if (close === -1 || text.slice(p, close).indexOf('\n') !== -1) {
          return null;
        }
        url = text.slice(p + 1, close);
        p = close + 1;
      } else {
        let parens = 0;
        const start = p;
        while (p < text.length && p < start + MAX_LINK_SCAN) {
          const ch = text[p];
          if (ch === '\\' && p + 1 < text.length) {
            p += 2;
            continue;
          }
          if (ch === ' ' || ch === '\n' || ch === '\t') {
            break;
          }
          if (ch === '(') {
            parens += 1;
            if (parens > MAX_NESTING) {
              return null;
            }
          } else if (ch === ')') {
            if (parens === 0) {
              break;
            }
            parens -= 1;
          }
          p += 1;
        }
        url = text.slice(start, p).replace(/\\(.)/g, '$1');
      }
      while (text[p] === ' ' || text[p] === '\n') {
        p += 1;
      }
      let title = '';
      const q = text[p];
      if (q === '"' || q === "'" || q === '(') {
        const closeChar = q === '(' ? ')' : q;
        const close = scanFor(text, closeChar, p + 1);
        if (close === -1) {
          return null;
        }
        title = text.slice(p + 1, close);
        p = close + 1;
        while (text[p] === ' ' || text[p] === '\n') {
          p += 1;
        }
      }
      if (text[p] !== ')') {
        return null;
      }
      return { label, url, title, end: p + 1 };
    }

    /** indexOf limited to MAX_LINK_SCAN characters. */
    function scanFor(text, ch, from) {
      const limit = Math.min(text.length, from + MAX_LINK_SCAN);
      for (let j = from; j < limit; j += 1) {
        if (text[j] === ch) {
          return j;
        }
      }
      return -1;
    }

    function anchor(href, children, title) {
      const a = document.createElement('a');
      a.href = href;
      if (!/^mailto:/i.test(href)) {
        a.target = '_blank';
        a.rel = 'noopener noreferrer nofollow';
      }
      if (title) {
        a.title = title;
      }
      children.forEach((child) => a.append(child));
      return a;
    }

    function makeLink(link, depth) {
      const children = parseInline(link.label, depth + 1);
      const href = safeUrl(link.url);
      if (!href) {
        const span = el('span', { class: 'bsp-md-unlinked' });
        children.forEach((child) => span.append(child));
        return span;
      }
      return anchor(href, children, link.title);
    }

    // Images are never loaded (no requests to other hosts); they become links.
    function makeImageLink(link) {
      const label = `Image: ${link.label.trim() || 'untitled'}`;
      const href = safeUrl(link.url);
      if (!href || /^mailto:/i.test(href)) {
        return el('span', { class: 'bsp-md-image', text: `[${label}]` });
      }
      const a = anchor(href, [document.createTextNode(`[${label}]`)], link.title);
      a.className = 'bsp-md-image';
      return a;
    }

    function appendInline(parent, text, depth) {
      parseInline(text, depth || 0).forEach((node) => parent.append(node));
    }

    /* ---------------- blocks ---------------- */

    function renderBlocks(lines, parent, depth) {
      if (depth > MAX_MARKDOWN_DEPTH) {
        parent.append(el('p', { text: lines.join('\n') }));
        return;
      }
      let i = 0;
      while (i < lines.length) {
        const line = lines[i];
        if (isBlank(line)) {
          i += 1;
          continue;
        }
        let m;

        if ((m = RE_FENCE.exec(line))) {
          const indent = m[1].length;
          const fence = m[2];
          const lang = m[3];
          const closeRe = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
          const body = [];
          i += 1;
          while (i < lines.length && !closeRe.test(lines[i])) {
            let l = lines[i];
            let strip = 0;
            while (strip < indent && l[strip] === ' ') {
              strip += 1;
            }
            l = l.slice(strip);
            body.push(l);
            i += 1;
          }
          i += 1;
          const code = el('code', { text: body.join('\n') });
          const cleanLang = lang.replace(/[^\w+#.-]/g, '').slice(0, 40);
          if (cleanLang) {
            code.className = `language-${cleanLang}`;
          }
          parent.append(el('pre', null, [code]));
          continue;
        }

        if ((m = RE_ATX.exec(line))) {
          const h = el(`h${m[1].length}`);
          appendInline(h, headingText(line.slice(m[0].length)), 0);
          parent.append(h);
          i += 1;
          continue;
        }

        if (RE_HR.test(line)) {
          parent.append(el('hr'));
          i += 1;
          continue;
        }

        if (RE_QUOTE.test(line)) {
          const inner = [];
          while (i < lines.length) {
            const l = lines[i];
            if (RE_QUOTE.test(l)) {
              inner.push(l.replace(RE_QUOTE, ''));
            } else if (!isBlank(l) && inner.length && !isBlank(inner[inner.length - 1]) && !startsBlock(l)) {
              inner.push(l); // lazy continuation
            } else {
              break;
            }
            i += 1;
          }
          const bq = el('blockquote');
          renderBlocks(inner, bq, depth + 1);
          parent.append(bq);
          continue;
        }

        if (RE_LIST.test(line)) {
          i = renderList(lines, i, parent, depth);
          continue;
        }

        if (indentOf(line) >= 4) {
          const body = [];
          while (i < lines.length && (indentOf(lines[i]) >= 4 || isBlank(lines[i]))) {
            body.push(lines[i].slice(Math.min(4, indentOf(lines[i]))));
            i += 1;
          }
          while (body.length && isBlank(body[body.length - 1])) {
            body.pop();
          }
          parent.append(el('pre', null, [el('code', { text: body.join('\n') })]));
          continue;
        }

        if (
          i + 1 < lines.length &&
          line.indexOf('|') !== -1 &&
          lines[i + 1].length <= MAX_TABLE_DELIM_LENGTH &&
          RE_TABLE_DELIM.test(lines[i + 1])
        ) {
          const header = splitTableRow(line);
          const aligns = splitTableRow(lines[i + 1]).map((cell) => {
            const left = cell.startsWith(':');
            const right = cell.endsWith(':');
            if (left && right) {
              return 'center';
            }
            if (right) {
              return 'right';
            }
            return left ? 'left' : '';
          });
          if (aligns.length === header.length) {
            i += 2;
            const table = el('table');
            const headRow = el('tr');
            header.forEach((cell, index) => {
              const th = el('th', { scope: 'col' });
              if (aligns[index]) {
                th.style.textAlign = aligns[index];
              }
              appendInline(th, cell, 0);
              headRow.append(th);
            });
            table.append(el('thead', null, [headRow]));
            const tbody = el('tbody');
            while (i < lines.length && !isBlank(lines[i]) && !startsBlock(lines[i])) {
              const cells = splitTableRow(lines[i]);
              const tr = el('tr');
              header.forEach((unused, index) => {
                const td = el('td');
                if (aligns[index]) {
                  td.style.textAlign = aligns[index];
                }
                appendInline(td, cells[index] || '', 0);
                tr.append(td);
              });
              tbody.append(tr);
              i += 1;
            }
            table.append(tbody);
            parent.append(el('div', { class: 'bsp-md-table' }, [table]));
            continue;
          }
        }

        // Paragraph (or setext heading).
        const para = [line];
        let setextLevel = 0;
        i += 1;
        while (i < lines.length && !isBlank(lines[i])) {
          const sm = RE_SETEXT.exec(lines[i]);
          if (sm) {
            setextLevel = sm[1][0] === '=' ? 1 : 2;
            i += 1;
            break;
          }
          if (startsBlock(lines[i])) {
            break;
          }
          para.push(lines[i]);
          i += 1;
        }
        const node = el(setextLevel ? `h${setextLevel}` : 'p');
        appendInline(
          node,
          para
            .map((l) => l.replace(/^ +/, ''))
            .join('\n')
            .trimEnd(),
          0,
        );
        parent.append(node);
      }
    }

    function listMarkerType(marker) {
      return /\d/.test(marker) ? `o${marker[marker.length - 1]}` : `u${marker}`;
    }

    function renderList(lines, start, parent, depth) {
      const first = RE_LIST.exec(lines[start]);
      const type = listMarkerType(first[2]);
      const ordered = type[0] === 'o';
      const list = el(ordered ? 'ol' : 'ul');
      if (ordered) {
        const startNumber = parseInt(first[2], 10);
        if (startNumber !== 1) {
          list.setAttribute('start', String(startNumber));
        }
      }
      const items = [];
      let i = start;
      while (i < lines.length) {
        const m = RE_LIST.exec(lines[i]);
        if (!m || listMarkerType(m[2]) !== type || RE_HR.test(lines[i])) {
          break;
        }
        const spacing = m[3].length;
        const contentIndent = m[1].length + m[2].length + (spacing >= 1 && spacing <= 4 ? spacing : 1);
        const itemLines = [m[4]];
        i += 1;
        let sawBlank = false;
        while (i < lines.length) {
          const l = lines[i];
          if (isBlank(l)) {
            itemLines.push('');
            sawBlank = true;
            i += 1;
            continue;
          }
          const ind = indentOf(l);
          if (ind >= contentIndent) {
            itemLines.push(l.slice(contentIndent));
            sawBlank = false;
            i += 1;
            continue;
          }
          if (sawBlank || RE_LIST.test(l) || startsBlock(l)) {
            break;
          }
          itemLines.push(l.replace(/^ +/, '')); // lazy continuation
          i += 1;
        }
        let trailingBlank = false;
        while (itemLines.length && itemLines[itemLines.length - 1] === '') {
          itemLines.pop();
          trailingBlank = true;
        }
        items.push({ lines: itemLines, trailingBlank });
        if (trailingBlank && !(i < lines.length && RE_LIST.test(lines[i]))) {
          break;
        }
      }
      const loose =
        items.slice(0, -1).some((item) => item.trailingBlank) ||
        items.some((item) => {
          const idx = item.lines.indexOf('');
          return (
            idx > 0 && item.lines.slice(idx).some((l) => !isBlank(l) && indentOf(l) === 0 && !RE_LIST.test(l))
          );
        });
      items.forEach((item) => {
        const li = el('li');
        let itemLines = item.lines;
        const task = RE_TASK.exec(itemLines[0] || '');
        if (task) {
          const done = task[1] !== ' ';
          li.className = 'bsp-md-task';
          li.append(
            el('span', {
              class: done ? 'bsp-md-check bsp-md-check--done' : 'bsp-md-check',
              role: 'img',
              'aria-label': done ? 'Done' : 'Not done',
              text: done ? '\u2713' : '',
            }),
            ' ',
          );
          itemLines = [itemLines[0].slice(task[0].length)].concat(itemLines.slice(1));
        }
        renderBlocks(itemLines, li, depth + 1);
        if (!loose) {
          Array.from(li.children).forEach((child) => {
            if (child.tagName === 'P') {
              child.replaceWith(...Array.from(child.childNodes));
            }
          });
        }
        list.append(li);
      });
      parent.append(list);
      return i;
    }

    function render(source) {
      const fragment = document.createDocumentFragment();
      const text = String(source)
        .replace(/^\ufeff/, '')
        .replace(/\r\n?/g, '\n');
      const lines = text.split('\n').map(expandTabs);
      renderBlocks(lines, fragment, 0);
      return fragment;
    }

    return { render, safeUrl };
  })();

  /* ------------------------------------------------------------------ */
  /* Printing helper                                                     */
  /* ------------------------------------------------------------------ */

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

  function printNode(node, title) {
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
    doc.title = title || '';
    const style = doc.createElement('style');
    style.textContent = PRINT_CSS;
    doc.head.append(style);
    doc.body.append(doc.importNode(node, true));
    const images = Array.from(doc.images);
    Promise.all(
      images.map((img) =>
        img.complete
          ? null
          : new Promise((resolve) => {
              img.addEventListener('load', resolve, { once: true });
              img.addEventListener('error', resolve, { once: true });
            }),
      ),
    ).then(() => {
      try {
        win.focus();
        win.print();
      } finally {
        setTimeout(() => frame.remove(), 1000);
      }
    });
  }

  /* ------------------------------------------------------------------ */
  /* Box.Preview                                                         */
  /* ------------------------------------------------------------------ */

  class Preview extends Emitter {
    constructor() {
      super();
      this.file = undefined;
      this.viewer = undefined;
      this.fileId = undefined;
      this.options = {};
      this.collection = [];
      this.fileCache = new Map();
      this.disabledViewers = new Set();
      this.enabledViewers = null;
      this.experiences = {};
      this.contentInsightsOptions = {};
      this.token = undefined;
      this._loadCount = 0;
      this._abort = null;
      this._objectUrls = [];
      this._container = null;
      this._root = null;
      this._body = null;
      this._printTarget = null;
      this._pdfFrame = null;
      this._toast = null;
      this._toastTimer = null;
      this._downloading = false;
    }

    static get VERSION() {
      return VERSION;
    }

    /* ---------------- public API ---------------- */

    /**
     * Shows a preview of a file.
     * @param {string|Object} fileIdOrFile - file id, or a file object with an id
     * @param {string|Function} token - token string or (typedId) => Promise<token | {[typedId]: token}>
     * @param {Object} [options] - container, apiHost, fileOptions, showDownload, collection, ...
     */
    show(fileIdOrFile, token, options) {
      let fileId = fileIdOrFile;
      if (fileIdOrFile && typeof fileIdOrFile === 'object') {
        this.updateFileCache([fileIdOrFile]);
        fileId = fileIdOrFile.id;
      }
      this._teardown();
      this.fileId = fileId === undefined || fileId === null ? '' : String(fileId);
      this.token = token;
      this.options = options && typeof options === 'object' ? options : {};
      if (Array.isArray(this.options.collection)) {
        this.updateCollection(this.options.collection);
      }
      const loadId = (this._loadCount += 1);
      this._load(loadId);
    }

    /** Re-renders the current file (used by "Try again"). */
    reload() {
      if (this.fileId) {
        this.show(this.fileId, this.token, this.options);
      }
    }

    /** Removes the preview from the page and cancels any pending work. */
    destroy() {
      this._loadCount += 1;
      this._teardown();
      this.file = undefined;
    }

    hide() {
      this.destroy();
    }

    /** Layout is CSS-driven; just tell the viewer. */
    resize() {
      if (this.viewer && !this.viewer.isDestroyed()) {
        this.viewer.resize();
      }
    }

    getCurrentViewer() {
      return this.viewer;
    }

    getCurrentFile() {
      return this.file;
    }

    getCurrentCollection() {
      return this.collection.slice();
    }

    updateFileCache(files) {
      const list = Array.isArray(files) ? files : [files];
      list.forEach((file) => {
        if (file && typeof file === 'object' && file.id !== undefined && file.id !== null) {
          this.fileCache.set(String(file.id), file);
        }
      });
    }

    updateToken(tokenOrFunction, reload) {
      this.token = tokenOrFunction;
      if (reload !== false && this.fileId) {
        this.reload();
      }
    }

    updateCollection(collection) {
      this.collection = (Array.isArray(collection) ? collection : [])
        .map((item) => (item && typeof item === 'object' ? item.id : item))
        .filter((id) => id !== undefined && id !== null && id !== '')
        .map(String);
    }

    navigateToIndex(index) {
      if (!Array.isArray(this.collection) || this.collection.length < 2) {
        return;
      }
      const fileId = this.collection[index];
      if (fileId === undefined || fileId === this.fileId) {
        return;
      }
      this.emit('navigate', fileId);
      this.show(fileId, this.token, this.options);
    }

    navigateLeft() {
      const index = this.collection.indexOf(this.fileId);
      if (index > 0) {
        this.navigateToIndex(index - 1);
      }
    }

    navigateRight() {
      const index = this.collection.indexOf(this.fileId);
      if (index !== -1 && index < this.collection.length - 1) {
        this.navigateToIndex(index + 1);
      }
    }

    enableViewers(viewers) {
      const names = Array.isArray(viewers) ? viewers : [viewers];
      names.forEach((name) => this.disabledViewers.delete(name));
    }

    disableViewers(viewers) {
      const names = Array.isArray(viewers) ? viewers : [viewers];
      names.forEach((name) => name && this.disabledViewers.add(name));
    }

    getViewers() {
      return ['Image', 'Document', 'Markdown', 'CSV', 'Text'].map((name) => ({ NAME: name }));
    }

    prefetch() {
      // Nothing to warm up: file info and bytes are fetched on demand.
    }

    prefetchViewers() {}

    enableHotkeys() {}

    disableHotkeys() {}

    updateExperiences(experiences) {
      this.experiences = experiences || {};
    }

    updateContentInsightsOptions(options) {
      this.contentInsightsOptions = options || {};
    }

    canPrint() {
      return !!(this.viewer && this.viewer.isLoaded() && this.viewer.printable);
    }

    print() {
      if (!this.canPrint()) {
        return;
      }
      if (this._pdfFrame) {
        try {
          const win = this._pdfFrame.contentWindow;
          win.focus();
          win.print();
          return;
        } catch (e) {
          // Fall through to opening the PDF so the browser can print it.
        }
        const src = this._pdfFrame.getAttribute('src');
        if (src) {
          window.open(src, '_blank', 'noopener');
        }
        return;
      }
      if (this._printTarget) {
        printNode(this._printTarget, this.file && this.file.name);
      }
    }

    /** Downloads the current file (GET /2.0/files/:id/content) and saves it via <a download>. */
    async download() {
      const file = this.file;
      if (!file || !this._canDownload(file) || this._downloading) {
        return;
      }
      const fileId = String(file.id);
      const versionId = this._requestedVersionId(file);
      let url = `${this._apiHost()}/2.0/files/${encodeURIComponent(fileId)}/content`;
      if (versionId) {
        url += `?version=${encodeURIComponent(versionId)}`;
      }
      this._downloading = true;
      this._setDownloadBusy(true);
      try {
        const response = await this._request(url, fileId);
        const blob = await response.blob();
        const objectUrl = URL.createObjectURL(blob);
        const a = el('a', { href: objectUrl, download: file.name || `file-${fileId}`, hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(objectUrl), 60000);
        this.emit('download', { file_id: fileId, name: file.name });
      } catch (err) {
        if (isAbort(err)) {
          return;
        }
        const error = toPreviewError(err);
        this._showToast(`Download failed. ${error.displayMessage}`);
        this._emitError(
          new PreviewError(
            'error_download',
            error.displayMessage,
            Object.assign({ cause: error.code }, error.details),
          ),
        );
      } finally {
        this._downloading = false;
        this._setDownloadBusy(false);
      }
    }

    /* ---------------- loading ---------------- */

    async _load(loadId) {
      const startedAt = now();
      const options = this.options;
      const isCurrent = () => loadId === this._loadCount;
      const container = resolveElement(options.container);
      const controller = typeof AbortController !== 'undefined' ? new AbortController() : null;
      this._abort = controller;
      const signal = controller ? controller.signal : undefined;

      if (!container) {
        this._emitError(
          new PreviewError('error_container', 'The preview container could not be found on the page.'),
        );
        return;
      }
      this._mount(container);

      try {
        if (!this.fileId) {
          throw new PreviewError('error_bad_file_id', 'No file was specified.');
        }
        const file = await this._getFileInfo(this.fileId, signal);
        if (!isCurrent()) {
          return;
        }
        this.file = file;
        this._setFileChrome(file);

        const kind = detectKind(file);
        const viewerName = this._isViewerAllowed(kind.viewer) ? kind.viewer : 'Unsupported';
        const viewer = new SandboxViewer(
          viewerName,
          viewerName === 'Unsupported' ? 'unsupported' : kind.kind,
        );
        this.viewer = viewer;
        this.emit('viewer', viewer);

        if (file.permissions && file.permissions.can_preview === false) {
          throw new PreviewError('error_permissions', "You don't have permission to preview this file.", {
            status: 403,
          });
        }

        if (viewerName === 'Unsupported') {
          this._renderUnsupported(file);
        } else {
          await this._renderFile(kind, file, viewer, signal, isCurrent);
        }
        if (!isCurrent()) {
          return;
        }

        viewer.loaded = true;
        this._root.removeAttribute('aria-busy');
        const total = Math.round(now() - startedAt);
        const versionId = this._requestedVersionId(file) || (file.file_version && file.file_version.id);
        this.emit('load', {
          viewer,
          file,
          metrics: { time: { conversion: 0, rendering: total, total } },
        });
        this.emit('preview_metric', {
          event_name: 'load',
          value: total,
          file_id: String(file.id),
          file_version_id: versionId ? String(versionId) : '',
          extension: extensionOf(file),
          content_type: viewer.NAME,
          rep_type: 'original',
          locale: options.language || '',
          client_version: VERSION,
          convert_time: 0,
          download_response_time: 0,
          file_info_time: 0,
          full_document_load_time: total,
          timestamp: new Date().toISOString(),
        });
      } catch (err) {
        if (!isCurrent() || isAbort(err)) {
          return;
        }
        const error = toPreviewError(err);
        if (this.viewer) {
          this.viewer.destroy();
          this.viewer = undefined;
        }
        this._renderError(error);
        this._emitError(error);
      }
    }

    async _getFileInfo(fileId, signal) {
      const cached = this.fileCache.get(fileId);
      const cachedRep = getOriginalRepresentation(cached);
      if (
        cached &&
        cached.name &&
        cached.permissions &&
        cachedRep &&
        cachedRep.content &&
        cachedRep.content.url_template
      ) {
        return cached;
      }
      const url = `${this._apiHost()}/2.0/files/${encodeURIComponent(fileId)}?fields=${FILE_FIELDS}`;
      const response = await this._request(url, fileId, { 'X-Rep-Hints': '[original]' }, signal);
      let info;
      try {
        info = await response.json();
      } catch (err) {
        if (isAbort(err)) {
          throw err;
        }
        throw new PreviewError('error_bad_response', 'The server sent an unexpected response for this file.');
      }
      if (!info || typeof info !== 'object' || info.type === 'error' || info.id === undefined) {
        throw new PreviewError('error_bad_response', 'The server sent an unexpected response for this file.');
      }
      // Keep fields the caller already knew about (e.g. from ContentPreview's cache).
      const merged = Object.assign({}, cached || {}, info);
      this.fileCache.set(fileId, merged);
      return merged;
    }

    async _fetchContent(file, signal) {
      const fileId = String(file.id);
      const versionId = this._requestedVersionId(file);
      const currentVersionId = file.file_version && file.file_version.id ? String(file.file_version.id) : '';
      const rep = getOriginalRepresentation(file);
      let url = '';
      if (rep && rep.status && rep.status.state === 'error') {
        throw new PreviewError('error_conversion', "This file can't be previewed right now.");
      }
      if (rep && rep.content && typeof rep.content.url_template === 'string') {
        url = rep.content.url_template.replace('{+asset_path}', '');
        if (versionId) {
          const marker = `/versions/${currentVersionId}/`;
          url =
            currentVersionId && url.indexOf(marker) !== -1
              ? url.replace(marker, `/versions/${versionId}/`)
              : '';
        }
      }
      if (!url && this._canDownload(file, true)) {
        url = `${this._apiHost()}/2.0/files/${encodeURIComponent(fileId)}/content`;
        if (versionId) {
          url += `?version=${encodeURIComponent(versionId)}`;
        }
      }
      if (!url) {
        throw new PreviewError('error_no_representation', "This file can't be previewed right now.");
      }
      return this._request(url, fileId, null, signal);
    }

    async _request(url, fileId, extraHeaders, signal) {
      const token = await resolveToken(this.token, fileId);
      if (signal && signal.aborted) {
        throw new PreviewError('error_aborted', 'Cancelled.');
      }
      const headers = Object.assign({ Authorization: `Bearer ${token}` }, extraHeaders || {});
      const { sharedLink, sharedLinkPassword } = this.options;
      if (sharedLink) {
        let boxApi = `shared_link=${encodeURIComponent(sharedLink)}`;
        if (sharedLinkPassword) {
          boxApi += `&shared_link_password=${encodeURIComponent(sharedLinkPassword)}`;
        }
        headers.BoxApi = boxApi;
      }
      let response;
      try {
        response = await fetch(url, { headers, signal, credentials: 'omit', mode: 'cors' });
      } catch (err) {
        if (isAbort(err)) {
          throw err;
        }
        throw new PreviewError(
          'error_network',
          "We couldn't reach the server. Check your connection and try again.",
          { cause: err && err.message ? String(err.message) : String(err) },
        );
      }
      if (!response.ok) {
        let body;
        try {
          body = await response.json();
        } catch (e) {
          body = null;
        }
        throw httpError(response.status, body);
      }
      return response;
    }

    /* ---------------- rendering ---------------- */

    async _renderFile(kind, file, viewer, signal, isCurrent) {
      if (kind.text && typeof file.size === 'number' && file.size > MAX_TEXT_BYTES) {
        viewer.NAME = 'Unsupported';
        viewer.name = 'Unsupported';
        this._renderUnsupported(file, 'too_large');
        return;
      }
      const response = await this._fetchContent(file, signal);
      if (kind.kind === 'image') {
        const blob = await response.blob();
        if (!isCurrent()) {
          return;
        }
        await this._renderImage(file, kind, blob, viewer);
        return;
      }
      if (kind.kind === 'pdf') {
        const blob = await response.blob();
        if (!isCurrent()) {
          return;
        }
        await this._renderPdf(file, blob, viewer);
        return;
      }
      const buffer = await response.arrayBuffer();
      if (!isCurrent()) {
        return;
      }
      if (buffer.byteLength > MAX_TEXT_BYTES) {
        viewer.NAME = 'Unsupported';
        viewer.name = 'Unsupported';
        this._renderUnsupported(file, 'too_large');
        return;
      }
      if (looksBinary(buffer)) {
        viewer.NAME = 'Unsupported';
        viewer.name = 'Unsupported';
        this._renderUnsupported(file, 'binary');
        return;
      }
      const text = decodeText(buffer);
      if (!text.trim()) {
        this._renderNotice(file, 'This file is empty.');
        return;
      }
      if (kind.kind === 'markdown') {
        this._renderMarkdown(file, text, viewer);
      } else if (kind.kind === 'table') {
        this._renderTable(file, text, DELIMITERS[kind.ext], viewer);
      } else {
        this._renderText(file, text, kind, viewer);
      }
    }

    _renderImage(file, kind, blob, viewer) {
      const typed = new Blob([blob], {
        type: IMAGE_TYPES[kind.ext] || blob.type || 'application/octet-stream',
      });
      const url = this._objectUrl(typed);
      const body = this._resetBody('bsp-body bsp-body--image');
      const img = el('img', {
        class: 'bsp-image',
        alt: file.name || 'Image',
        decoding: 'async',
        draggable: 'false',
      });
      const done = new Promise((resolve, reject) => {
        img.addEventListener('load', resolve, { once: true });
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
      this._printTarget = img;
      viewer.printable = true;
      return done;
    }

    async _renderPdf(file, blob, viewer) {
      const pdf = new Blob([blob], { type: 'application/pdf' });
      const url = this._objectUrl(pdf);
      const fileOptions = this._fileOptions();
      let src = url;
      const startAt = fileOptions.startAt;
      if (startAt && startAt.unit === 'pages' && Number(startAt.value) > 0) {
        src += `#page=${Math.floor(Number(startAt.value))}`;
      }
      if (typeof navigator !== 'undefined' && navigator.pdfViewerEnabled === false) {
        // e.g. Chrome on Android: no inline PDF viewer.
        const body = this._resetBody('bsp-body');
        const actions = [
          el('a', { class: 'bsp-btn bsp-btn--primary', href: url, target: '_blank', rel: 'noopener' }, [
            icon('open'),
            el('span', { text: 'Open PDF' }),
          ]),
        ];
        if (this._canDownload(file)) {
          actions.push(this._downloadButton(false));
        }
        body.append(
          this._messagePanel({
            badge: this._fileBadge(file),
            title: "This browser can't show PDFs inside the page",
            text: `${file.name || 'This PDF'} can be opened in a new tab instead.`,
            actions,
          }),
        );
        return;
      }
      const body = this._resetBody('bsp-body bsp-body--pdf');
      const frame = el('iframe', { class: 'bsp-pdf', title: file.name || 'PDF document', src });
      const toolbar = this._root && this._root.querySelector('.bsp-toolbar');
      if (toolbar) {
        // Some mobile browsers only show the first page inline; offer the full viewer.
        const open = el(
          'a',
          {
            class: 'bsp-btn bsp-btn--icon',
            href: url,
            target: '_blank',
            rel: 'noopener',
            title: 'Open in a new tab',
            'aria-label': `Open ${file.name || 'PDF'} in a new tab`,
          },
          [icon('open'), el('span', { class: 'bsp-btn-label', text: 'Open' })],
        );
        const download = toolbar.querySelector('.bsp-download');
        toolbar.insertBefore(open, download);
      }
      const loaded = new Promise((resolve) => {
        frame.addEventListener('load', resolve, { once: true });
        setTimeout(resolve, PDF_LOAD_WAIT_MS);
      });
      body.append(frame);
      this._pdfFrame = frame;
      viewer.printable = true;
      await loaded;
    }

    _renderText(file, text, kind, viewer) {
      let content = text;
      if (
        kind.ext === 'json' &&
        content.length < 2 * 1024 * 1024 &&
        content.slice(0, 10000).indexOf('\n') === -1
      ) {
        try {
          content = JSON.stringify(JSON.parse(content), null, 2);
        } catch (e) {
          content = text;
        }
      }
      const body = this._resetBody('bsp-body bsp-body--text', true);
      const code = el('code', { text: content });
      if (kind.kind === 'code') {
        code.className = `language-${kind.ext || 'text'}`;
      }
      const pre = el('pre', { class: kind.kind === 'code' ? 'bsp-code' : 'bsp-code bsp-code--wrap' }, [code]);
      body.append(pre);
      this._printTarget = pre;
      viewer.printable = true;
    }

    _renderMarkdown(file, text, viewer) {
      const body = this._resetBody('bsp-body bsp-body--markdown', true);
      const article = el('article', { class: 'bsp-markdown' });
      article.append(Markdown.render(text));
      body.append(article);
      this._printTarget = article;
      viewer.printable = true;
    }

    _renderTable(file, text, delimiter, viewer) {
      const locale = this.options.language;
      const { rows, total } = parseDelimited(text, delimiter, MAX_TABLE_ROWS + 1);
      if (!rows.length) {
        this._renderNotice(file, 'This file is empty.');
        return;
      }
      const body = this._resetBody('bsp-body bsp-body--table');
      const header = rows[0];
      const data = rows.slice(1);
      const dataTotal = total - 1;
      const columns = rows.reduce((max, row) => Math.max(max, row.length), 0);
      const truncated = dataTotal > data.length;
      const summary = truncated
        ? `Showing the first ${formatNumber(data.length, locale)} of ${formatNumber(dataTotal, locale)} rows. Download the file to see everything.`
        : `${formatNumber(dataTotal, locale)} ${dataTotal === 1 ? 'row' : 'rows'} \u00b7 ${formatNumber(columns, locale)} ${columns === 1 ? 'column' : 'columns'}`;
      const note = el('p', { class: truncated ? 'bsp-note bsp-note--warn' : 'bsp-note', text: summary });
      const scroller = el('div', {
        class: 'bsp-table-scroll',
        tabindex: '0',
        role: 'group',
        'aria-label': `${file.name || 'Table'} content`,
      });
      const table = el('table', { class: 'bsp-table' });
      table.append(el('caption', { class: 'bsp-sr-only', text: file.name || 'Table' }));
      const headRow = el('tr');
      for (let c = 0; c < columns; c += 1) {
        const label = header[c] !== undefined && header[c] !== '' ? header[c] : `Column ${c + 1}`;
        headRow.append(el('th', { scope: 'col', text: label }));
      }
      table.append(el('thead', null, [headRow]));
      const tbody = el('tbody');
      const numeric = /^[-+]?[$\u20ac\u00a3\u00a5]?\d[\d,. ]*%?$/;
      data.forEach((row) => {
        const tr = el('tr');
        for (let c = 0; c < columns; c += 1) {
          const value = row[c] !== undefined ? row[c] : '';
          tr.append(el('td', { class: numeric.test(value.trim()) ? 'bsp-num' : null, text: value }));
        }
        tbody.append(tr);
      });
      table.append(tbody);
      scroller.append(table);
      body.append(note, scroller);
      this._printTarget = table;
      viewer.printable = true;
    }

    _renderNotice(file, message) {
      const body = this._resetBody('bsp-body');
      body.append(
        this._messagePanel({
          badge: this._fileBadge(file),
          title: message,
          text: file.name || '',
          actions: this._canDownload(file) ? [this._downloadButton(true)] : [],
        }),
      );
    }

    _renderUnsupported(file, reason) {
      const locale = this.options.language;
      const size = formatBytes(file.size, locale);
      let text = [file.name, size].filter(Boolean).join(' \u00b7 ');
      if (reason === 'too_large') {
        text = `${file.name || 'This file'} is ${size || 'too large'}. Text files larger than ${formatBytes(
          MAX_TEXT_BYTES,
          locale,
        )} aren't previewed.`;
      } else if (reason === 'binary') {
        text = `${file.name || 'This file'} doesn't look like text.`;
      }
      const canDownload = this._canDownload(file);
      const actions = canDownload
        ? [this._downloadButton(true)]
        : [el('p', { class: 'bsp-message-hint', text: "Downloading isn't allowed for this file." })];
      const body = this._resetBody('bsp-body');
      body.append(
        this._messagePanel({
          badge: this._fileBadge(file),
          title: 'No preview for this kind of file',
          text,
          actions,
        }),
      );
    }

    _renderError(error) {
      if (!this._root) {
        return;
      }
      this._root.removeAttribute('aria-busy');
      const body = this._resetBody('bsp-body');
      const actions = [];
      if (RETRYABLE_CODES.has(error.code)) {
        const retry = el('button', { type: 'button', class: 'bsp-btn bsp-btn--primary' }, [
          icon('retry'),
          el('span', { text: 'Try again' }),
        ]);
        retry.addEventListener('click', () => this.reload());
        actions.push(retry);
      }
      const panel = this._messagePanel({
        badge: el('div', { class: 'bsp-error-badge', 'aria-hidden': 'true', text: '!' }),
        title: "Can't show this file",
        text: error.displayMessage || error.message,
        detail: `Error code: ${error.code}${error.details && error.details.status ? ` (HTTP ${error.details.status})` : ''}`,
        actions,
      });
      panel.classList.add('bsp-message--error');
      panel.setAttribute('role', 'alert');
      body.append(panel);
    }

    _messagePanel({ badge, title, text, detail, actions }) {
      const panel = el('div', { class: 'bsp-message' });
      if (badge) {
        panel.append(badge);
      }
      panel.append(el('h2', { class: 'bsp-message-title', text: title }));
      if (text) {
        panel.append(el('p', { class: 'bsp-message-text', text }));
      }
      if (detail) {
        panel.append(el('p', { class: 'bsp-message-detail', text: detail }));
      }
      if (actions && actions.length) {
        panel.append(el('div', { class: 'bsp-message-actions' }, actions));
      }
      return panel;
    }

    _fileBadge(file) {
      const ext = extensionOf(file).slice(0, 5).toUpperCase();
      return el('div', { class: 'bsp-file-badge', 'aria-hidden': 'true' }, [
        el('span', { class: 'bsp-file-badge-ext', text: ext || 'FILE' }),
      ]);
    }

    _downloadButton(primary) {
      const button = el(
        'button',
        { type: 'button', class: primary ? 'bsp-btn bsp-btn--primary bsp-download' : 'bsp-btn bsp-download' },
        [icon('download'), el('span', { class: 'bsp-btn-label', text: 'Download' })],
      );
      button.addEventListener('click', () => {
        this.download();
      });
      return button;
    }

    _setDownloadBusy(busy) {
      if (!this._root) {
        return;
      }
      this._root.querySelectorAll('.bsp-download').forEach((button) => {
        button.disabled = busy;
        if (busy) {
          button.setAttribute('aria-busy', 'true');
        } else {
          button.removeAttribute('aria-busy');
        }
        const label = button.querySelector('.bsp-btn-label');
        if (label) {
          label.textContent = busy ? 'Downloading\u2026' : 'Download';
        }
      });
    }

    _showToast(message) {
      if (!this._root) {
        return;
      }
      if (this._toast) {
        this._toast.remove();
      }
      clearTimeout(this._toastTimer);
      const close = el('button', { type: 'button', class: 'bsp-toast-close', 'aria-label': 'Dismiss' }, [
        '\u00d7',
      ]);
      const toast = el('div', { class: 'bsp-toast', role: 'alert' }, [el('span', { text: message }), close]);
      close.addEventListener('click', () => toast.remove());
      this._root.append(toast);
      this._toast = toast;
      this._toastTimer = setTimeout(() => toast.remove(), TOAST_MS);
    }

    /* ---------------- DOM plumbing ---------------- */

    _mount(container) {
      this._container = container;
      container.classList.add('bsp-host');
      // A visible container with no height of its own (plain page use) gets a default height.
      if (container.clientHeight < 1 && container.getClientRects().length > 0) {
        container.classList.add('bsp-host--auto');
      }
      const root = el('div', {
        class: 'bsp-root',
        role: 'region',
        'aria-label': 'File preview',
        'aria-busy': 'true',
      });
      const body = el('div', { class: 'bsp-body' });
      if (this.options.showLoading !== false) {
        body.append(
          el('div', { class: 'bsp-loading', role: 'status' }, [
            el('span', { class: 'bsp-spinner', 'aria-hidden': 'true' }),
            el('span', { text: 'Loading preview\u2026' }),
          ]),
        );
      }
      root.append(body);
      container.append(root);
      this._root = root;
      this._body = body;
    }

    _setFileChrome(file) {
      if (!this._root) {
        return;
      }
      const name = file.name || 'file';
      this._root.setAttribute('aria-label', `Preview of ${name}`);
      if (!this._shouldShowToolbar()) {
        return;
      }
      const size = formatBytes(file.size, this.options.language);
      const toolbar = el('div', { class: 'bsp-toolbar' }, [
        el('span', { class: 'bsp-toolbar-name', title: name, text: name }),
        size ? el('span', { class: 'bsp-toolbar-meta', text: size }) : null,
        this._canDownload(file) ? this._downloadButton(false) : null,
      ]);
      this._root.insertBefore(toolbar, this._body);
    }

    /**
     * The toolbar (name + Download) is shown unless the host renders its own header:
     * ContentPreview passes header: 'none' plus a headerElement selector that exists
     * only when its own header (hasHeader) is shown.
     */
    _shouldShowToolbar() {
      const { header, headerElement } = this.options;
      if (headerElement) {
        return !resolveElement(headerElement);
      }
      return header !== 'none';
    }

    _resetBody(className, scrollable) {
      const body = el('div', { class: className });
      if (scrollable) {
        // Scrollable content must be reachable by keyboard.
        body.setAttribute('tabindex', '0');
        body.setAttribute('role', 'document');
        body.setAttribute('aria-label', `${(this.file && this.file.name) || 'File'} content`);
      }
      if (this._body && this._body.parentNode) {
        this._body.replaceWith(body);
      } else if (this._root) {
        this._root.append(body);
      }
      this._body = body;
      this._printTarget = null;
      this._pdfFrame = null;
      return body;
    }

    _objectUrl(blob) {
      const url = URL.createObjectURL(blob);
      this._objectUrls.push(url);
      return url;
    }

    _teardown() {
      if (this._abort) {
        try {
          this._abort.abort();
        } catch (e) {
          // ignore
        }
        this._abort = null;
      }
      if (this.viewer) {
        this.viewer.destroy();
        this.viewer = undefined;
      }
      clearTimeout(this._toastTimer);
      this._toast = null;
      if (this._root) {
        this._root.remove();
      }
      if (this._container) {
        this._container.classList.remove('bsp-host', 'bsp-host--auto');
      }
      this._root = null;
      this._body = null;
      this._container = null;
      this._printTarget = null;
      this._pdfFrame = null;
      this._objectUrls.forEach((url) => URL.revokeObjectURL(url));
      this._objectUrls = [];
    }

    /* ---------------- misc ---------------- */

    _apiHost() {
      return trimSlash(this.options.apiHost || DEFAULT_API_HOST);
    }

    _fileOptions() {
      const all = this.options.fileOptions;
      const own = all && this.fileId ? all[this.fileId] : null;
      return own && typeof own === 'object' ? own : {};
    }

    /** A non-current version picked in ContentPreview's version history, if any. */
    _requestedVersionId(file) {
      const requested = this._fileOptions().fileVersionId;
      const current = file && file.file_version && file.file_version.id;
      if (requested && String(requested) !== String(current || '')) {
        return String(requested);
      }
      return '';
    }

    _canDownload(file, ignoreHostOption) {
      if (!file) {
        return false;
      }
      const permitted = !!(file.permissions && file.permissions.can_download === true);
      const available = file.is_download_available !== false;
      const hostAllows = ignoreHostOption || this.options.showDownload !== false;
      return permitted && available && hostAllows;
    }

    _isViewerAllowed(name) {
      if (this.disabledViewers.has(name)) {
        return false;
      }
      const viewers = this.options.viewers;
      if (viewers && viewers[name] && viewers[name].disabled) {
        return false;
      }
      return true;
    }

    _emitError(error) {
      const file = this.file;
      const versionId = file
        ? this._requestedVersionId(file) || (file.file_version && file.file_version.id)
        : '';
      this.emit('preview_error', {
        error: error.toJSON(),
        file_id: this.fileId || '',
        file_version_id: versionId ? String(versionId) : '',
        event_name: 'preview_error',
        client_version: VERSION,
        timestamp: new Date().toISOString(),
      });
    }
  }

  window.Box = window.Box || {};
  window.Box.Preview = Preview;
})();
