import { decodeText, looksBinary, readAtMost } from '../content/text';
import type { FileKind } from '../file-kind';
import { LIMITS } from '../limits';
import type { ViewerName } from '../viewer';
import type { Rendered, ViewerContext } from './context';
import { renderNotice, renderUnsupported } from './download';
import { renderImage } from './image';
import { renderMarkdown } from './markdown';
import { renderPdf } from './pdf';
import { renderTable } from './table';
import { renderText } from './text';

export interface Outcome {
  rendered: Rendered;
  /** Set when the content turned out to be for another viewer (binary bytes in a ".txt"). */
  viewer?: ViewerName;
}

/** The byte cap of each text viewer: what is read from the network, and so what is parsed. */
const TEXT_CAPS = {
  markdown: LIMITS.markdownBytes,
  table: LIMITS.tableBytes,
  text: LIMITS.textBytes,
} as const;

/**
 * Show the file's bytes with the viewer its kind calls for. Resolves to null when the preview
 * moved on while the bytes were arriving (`isCurrent` turned false): nothing is drawn then.
 */
export async function renderContent(
  ctx: ViewerContext,
  kind: Exclude<FileKind, { kind: 'unsupported' }>,
  response: Response,
  isCurrent: () => boolean,
): Promise<Outcome | null> {
  if (kind.kind === 'image' || kind.kind === 'pdf') {
    const blob = await response.blob();
    if (!isCurrent()) return null;
    const rendered =
      kind.kind === 'image' ? await renderImage(ctx, blob, kind.mimeType) : await renderPdf(ctx, blob);
    return { rendered };
  }

  const cap = kind.kind === 'markdown' || kind.kind === 'table' ? TEXT_CAPS[kind.kind] : TEXT_CAPS.text;
  const read = await readAtMost(response.body, cap, () => response.arrayBuffer());
  if (!isCurrent()) return null;
  if (looksBinary(read.bytes, LIMITS.sniffBytes)) {
    renderUnsupported(ctx, 'binary');
    return { rendered: {}, viewer: 'Unsupported' };
  }
  const text = decodeText(read);
  if (!text.trim()) {
    renderNotice(ctx, 'This file is empty.');
    return { rendered: {} };
  }
  if (kind.kind === 'markdown') return { rendered: renderMarkdown(ctx, text, read.truncated) };
  if (kind.kind === 'table') {
    const rendered = renderTable(ctx, text, kind.delimiter, read.truncated);
    if (rendered) return { rendered };
    renderNotice(ctx, 'This file is empty.');
    return { rendered: {} };
  }
  return { rendered: renderText(ctx, text, kind.kind, kind.ext, read.truncated) };
}
