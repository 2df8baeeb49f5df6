import type { Response } from 'express';
import type { Item } from '../store/items';

/**
 * The few HTML pages a shared link's public URL shows where Box's web app would: a password
 * form, a folder's listing, and a file whose link allows no download. Plain HTML, no script;
 * every name is escaped.
 */

/** A password-protected link, opened without its password (or with a wrong one). */
export function sendPasswordPage(res: Response, action: string, incorrect: boolean): void {
  send(
    res.status(403),
    'Password required',
    `<h1>This shared link is protected by a password</h1>
${incorrect ? '<p role="alert">Incorrect password.</p>' : ''}
<form method="post" action="${escapeHtml(action)}">
  <label>Password <input type="password" name="password" autofocus required></label>
  <button type="submit">Open</button>
</form>`,
  );
}

export interface ListedEntry {
  item: Item;
  /** Its URL under the link (`/s/<token>/file/<id>`). */
  href: string;
}

/**
 * A shared folder's items, one level, each linked to its own page under the link. Behind a
 * password, every link is a form that posts the password again (the sandbox keeps no session).
 */
export function sendFolderPage(
  res: Response,
  folder: Item,
  entries: ListedEntry[],
  more: number,
  password: string | undefined,
): void {
  const rows = entries
    .map(({ item, href }) => {
      const label = `${ICONS[item.type]} ${escapeHtml(item.name)}`;
      const size = item.type === 'file' ? ` <small>${item.size} bytes</small>` : '';
      if (password === undefined) return `<li><a href="${escapeHtml(href)}">${label}</a>${size}</li>`;
      return `<li><form method="post" action="${escapeHtml(href)}"><input type="hidden" name="password" value="${escapeHtml(password)}"><button type="submit">${label}</button>${size}</form></li>`;
    })
    .join('\n');
  send(
    res.status(200),
    folder.name,
    `<h1>${escapeHtml(folder.name)}</h1>
${entries.length === 0 ? '<p>This folder is empty.</p>' : `<ul>\n${rows}\n</ul>`}
${more > 0 ? `<p>And ${more} more items, not listed here.</p>` : ''}`,
  );
}

/**
 * A web link (bookmark) opened through a shared link: its name and a link to its URL, as Box's
 * page offers it. Not a redirect: the visitor sees where it goes before going there.
 */
export function sendWebLinkPage(res: Response, webLink: Item): void {
  send(
    res.status(200),
    webLink.name,
    `<h1>${escapeHtml(webLink.name)}</h1>
${webLink.description ? `<p>${escapeHtml(webLink.description)}</p>` : ''}
<p><a href="${escapeHtml(webLink.url ?? '')}" rel="noopener noreferrer">${escapeHtml(webLink.url ?? '')}</a></p>`,
  );
}

const ICONS: Record<Item['type'], string> = { folder: '📁', file: '📄', web_link: '🔗' };

/** A file whose link lets people preview it but not download it: its name and size only. */
export function sendPreviewOnlyPage(res: Response, file: Item): void {
  send(
    res.status(200),
    file.name,
    `<h1>${escapeHtml(file.name)}</h1>
<p>${file.size} bytes. The owner of this shared link does not allow downloads.</p>`,
  );
}

function send(res: Response, title: string, body: string): void {
  res.set({
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  res.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
${body}
</body></html>
`);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
