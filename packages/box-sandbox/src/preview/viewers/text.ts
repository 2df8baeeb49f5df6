import { LIMITS } from '../limits';
import { prettyJson } from '../content/text';
import { el } from '../ui/dom';
import { formatBytes } from '../ui/format';
import { note } from '../ui/message';
import { contentLabel, type Rendered, type ViewerContext } from './context';

/** Plain text and code, as text in a <pre> (never markup), cut at the text byte cap. */
export function renderText(
  ctx: ViewerContext,
  text: string,
  kind: 'text' | 'code',
  ext: string,
  truncated: boolean,
): Rendered {
  const content = ext === 'json' && !truncated ? prettyJson(text, LIMITS.prettyJsonBytes) : text;
  const body = ctx.frame.resetBody('bsp-body--text', contentLabel(ctx.file));
  if (truncated) body.append(note(partialNote(ctx), true));
  const code = el('code', { class: kind === 'code' ? `language-${ext || 'text'}` : null, text: content });
  const pre = el('pre', { class: kind === 'code' ? 'bsp-code' : 'bsp-code bsp-code--wrap' }, [code]);
  body.append(pre);
  return { printTarget: pre };
}

/** "Showing the first 1 MB of 7.3 MB." */
export function partialNote(ctx: ViewerContext, cap: number = LIMITS.textBytes): string {
  const total = formatBytes(ctx.file.size, ctx.locale);
  const shown = formatBytes(cap, ctx.locale);
  return `Showing the first ${shown}${total ? ` of ${total}` : ''}. Download the file to see everything.`;
}
