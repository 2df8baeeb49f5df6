import { markdownToTree } from '../content/markdown';
import { LIMITS } from '../limits';
import { el } from '../ui/dom';
import { markdownToDom } from '../ui/markdown-dom';
import { note } from '../ui/message';
import { contentLabel, type Rendered, type ViewerContext } from './context';
import { partialNote } from './text';

/** Markdown, formatted: markdown-it's tokens made into DOM by our own code (see content/markdown.ts). */
export function renderMarkdown(ctx: ViewerContext, text: string, truncated: boolean): Rendered {
  // The text is at most markdownBytes already (read so from the network); as many characters is a
  // second cap, for text that did not come from there.
  const tree = markdownToTree(text, { maxChars: LIMITS.markdownBytes, maxNodes: LIMITS.markdownNodes });
  const body = ctx.frame.resetBody('bsp-body--markdown', contentLabel(ctx.file));
  if (truncated || tree.truncated === 'source')
    body.append(note(partialNote(ctx, LIMITS.markdownBytes), true));
  const article = el('article', { class: 'bsp-markdown' });
  article.append(markdownToDom(tree.nodes));
  body.append(article);
  if (tree.truncated === 'nodes')
    body.append(note('The rest of this file is too long to show here. Download the file to see it.', true));
  return { printTarget: article };
}
