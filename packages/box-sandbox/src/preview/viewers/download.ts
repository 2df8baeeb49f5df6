import { extensionOf } from '../file-kind';
import { el } from '../ui/dom';
import { formatBytes } from '../ui/format';
import { fileBadge, messagePanel } from '../ui/message';
import type { ViewerContext } from './context';

/**
 * The fallback for what no viewer shows (a zip, a binary file with a text extension): the
 * file's name and size, and a Download button when downloading is allowed.
 */
export function renderUnsupported(ctx: ViewerContext, reason?: 'binary'): void {
  const { file } = ctx;
  const size = formatBytes(file.size, ctx.locale);
  const text =
    reason === 'binary'
      ? `${file.name || 'This file'} doesn't look like text.`
      : [file.name, size].filter(Boolean).join(' \u00b7 ');
  const download = ctx.downloadButton(true);
  const actions = download
    ? [download]
    : [el('p', { class: 'bsp-message-hint', text: "Downloading isn't allowed for this file." })];
  ctx.frame.resetBody('').append(
    messagePanel({
      badge: fileBadge(extensionOf(file)),
      title: 'No preview for this kind of file',
      text,
      actions,
    }),
  );
}

/** A file that previews as nothing ("This file is empty."), with its Download button. */
export function renderNotice(ctx: ViewerContext, message: string): void {
  const download = ctx.downloadButton(true);
  ctx.frame.resetBody('').append(
    messagePanel({
      badge: fileBadge(extensionOf(ctx.file)),
      title: message,
      text: ctx.file.name || '',
      actions: download ? [download] : [],
    }),
  );
}
