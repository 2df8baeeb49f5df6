import MarkdownIt from 'markdown-it';

/**
 * Markdown to a tree of plain objects, never to HTML. markdown-it parses (CommonMark plus tables
 * and strikethrough, linear time); its token stream is walked here into `MdNode`s whose tags
 * come from a fixed list and whose text stays text. `toDom` (ui/markdown-dom.ts) then makes DOM
 * nodes with createElement and createTextNode only.
 *
 * Why tokens and not `md.render()` + innerHTML: with `html: false` markdown-it escapes all text
 * and its output is safe as far as anyone knows, but "safe" would then rest on the escaping of
 * every rule and plugin, and on a sanitiser we do not have (no DOMPurify here). Walking tokens
 * makes the guarantee structural: nothing from the file is ever parsed as markup, whatever
 * markdown-it emits. The same walk bounds the work: it stops at a node budget.
 *
 * Pure (no DOM): tested in Node.
 */

/** Every element a Markdown file can become. */
export type MdTag =
  | 'p'
  | 'h1'
  | 'h2'
  | 'h3'
  | 'h4'
  | 'h5'
  | 'h6'
  | 'blockquote'
  | 'ul'
  | 'ol'
  | 'li'
  | 'pre'
  | 'code'
  | 'hr'
  | 'div'
  | 'table'
  | 'thead'
  | 'tbody'
  | 'tr'
  | 'th'
  | 'td'
  | 'em'
  | 'strong'
  | 'del'
  | 'a'
  | 'br'
  | 'span';

/** The only attributes an element can carry; each is set by name in toDom, never copied blindly. */
export interface MdAttrs {
  /** Links: an absolute http(s) or mailto URL (checked twice: here and in toDom). */
  href?: string;
  title?: string;
  /** Ordered lists that do not start at 1. */
  start?: number;
  /** Table cells. */
  align?: 'left' | 'right' | 'center';
  /** Fenced code: the info string's first word, reduced to [A-Za-z0-9_+#.-]. */
  language?: string;
  /** One of our own classes. */
  className?: 'bsp-md-table' | 'bsp-md-image' | 'bsp-md-check' | 'bsp-md-check bsp-md-check--done';
  /** Task list items: an accessible name for the check mark. */
  label?: string;
  taskItem?: boolean;
}

export interface MdElement {
  tag: MdTag;
  attrs: MdAttrs;
  children: MdNode[];
}

export type MdNode = MdElement | string;

export interface MdTree {
  nodes: MdNode[];
  /** Nodes (elements and text) in the tree. */
  nodeCount: number;
  /**
   * What was left out: `source`, the text past `maxChars` (never parsed); `nodes`, what came after
   * the node budget ran out; false, nothing.
   */
  truncated: 'source' | 'nodes' | false;
}

export interface MarkdownLimits {
  /** Characters parsed (the rest is not looked at). */
  maxChars: number;
  /** Elements and text nodes built. */
  maxNodes: number;
}

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/**
 * Link targets allowed: absolute http, https and mailto URLs, nothing else (no javascript:,
 * data:, file:, and no relative links, which would point into the host app). markdown-it calls
 * this with the URL already normalised (percent-encoded, so a control character hidden in a
 * scheme cannot survive), and leaves a refused link as plain text.
 */
export function isSafeLink(url: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(url.trim());
  if (!scheme || !SAFE_SCHEMES.has(scheme[1]!.toLowerCase())) return false;
  try {
    return SAFE_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

const md = new MarkdownIt('default', {
  html: false, // raw HTML in the file stays text
  linkify: true, // bare URLs become links (still through isSafeLink)
  typographer: false,
  // Depth of nested blocks and inline spans: `> > > >` a thousand times stops at 20.
  maxNesting: 20,
});
md.validateLink = isSafeLink;

type Token = MarkdownIt.Token;

const BLOCK_TAGS: Partial<Record<string, MdTag>> = {
  paragraph_open: 'p',
  blockquote_open: 'blockquote',
  bullet_list_open: 'ul',
  ordered_list_open: 'ol',
  list_item_open: 'li',
  thead_open: 'thead',
  tbody_open: 'tbody',
  tr_open: 'tr',
  th_open: 'th',
  td_open: 'td',
};
const INLINE_TAGS: Partial<Record<string, MdTag>> = {
  em_open: 'em',
  strong_open: 'strong',
  s_open: 'del',
};
const HEADINGS: Record<string, MdTag> = { h1: 'h1', h2: 'h2', h3: 'h3', h4: 'h4', h5: 'h5', h6: 'h6' };
const TASK = /^\[([ xX])\][ \t]+/;
/**
 * Elements nest at most this deep. markdown-it's maxNesting bounds blocks and links, but not
 * emphasis: `*****…x…*****` pairs up into thousands of nested <em>/<strong>. Past this depth, an
 * opening token adds no element and its content goes to the element above.
 */
const MAX_DEPTH = 32;

/** Parse at most `maxChars` of `source` into a tree of at most `maxNodes` nodes. */
export function markdownToTree(source: string, limits: MarkdownLimits): MdTree {
  const cut = source.length > limits.maxChars;
  const tree = new TreeBuilder(limits.maxNodes).build(
    md.parse(cut ? source.slice(0, limits.maxChars) : source, {}),
  );
  return tree.truncated || !cut ? tree : { ...tree, truncated: 'source' };
}

class TreeBuilder {
  private readonly root: MdElement = { tag: 'div', attrs: {}, children: [] };
  /** Open elements; a tight list's hidden paragraph pushes its parent again. */
  private readonly stack: MdElement[] = [this.root];
  private count = 0;
  private full = false;
  /** The next inline run is the first of a list item: it may start with "[ ]" or "[x]". */
  private itemStarts = false;

  constructor(private readonly maxNodes: number) {}

  build(tokens: Token[]): MdTree {
    for (const token of tokens) {
      if (this.full) break;
      this.block(token);
    }
    return { nodes: this.root.children, nodeCount: this.count, truncated: this.full ? 'nodes' : false };
  }

  private get top(): MdElement {
    return this.stack[this.stack.length - 1]!;
  }

  /** Count a node; false (and stop everything) once the budget is spent. */
  private take(): boolean {
    if (this.count >= this.maxNodes) this.full = true;
    else this.count += 1;
    return !this.full;
  }

  private append(node: MdNode): void {
    const siblings = this.top.children;
    const last = siblings[siblings.length - 1];
    // Adjacent text joins into one node: markdown-it emits a token per unmatched `*` or `[`.
    if (typeof node === 'string' && typeof last === 'string') siblings[siblings.length - 1] = last + node;
    else if (this.take()) siblings.push(node);
  }

  private open(tag: MdTag, attrs: MdAttrs = {}): void {
    if (this.stack.length > MAX_DEPTH) {
      // Too deep: stay in the current element (its close pops this entry).
      this.stack.push(this.top);
      return;
    }
    const element: MdElement = { tag, attrs, children: [] };
    if (!this.take()) return;
    this.top.children.push(element);
    this.stack.push(element);
  }

  private close(): void {
    if (this.stack.length > 1) this.stack.pop();
  }

  private block(token: Token): void {
    if (!['inline', 'paragraph_open', 'paragraph_close', 'list_item_open'].includes(token.type))
      this.itemStarts = false;
    if (token.type === 'table_close') {
      // The table, then its scrolling wrapper.
      this.close();
      return this.close();
    }
    if (token.nesting === -1) return this.close();
    switch (token.type) {
      case 'inline':
        return this.inline(token.children ?? []);
      case 'heading_open':
        return this.open(HEADINGS[token.tag] ?? 'p');
      case 'paragraph_open':
        // Tight lists hide their paragraphs: the text goes straight into the <li>.
        if (token.hidden) {
          this.stack.push(this.top);
          return;
        }
        return this.open('p');
      case 'list_item_open':
        this.itemStarts = true;
        return this.open('li');
      case 'ordered_list_open': {
        const start = Number(token.attrGet('start') ?? 1);
        return this.open('ol', Number.isSafeInteger(start) && start !== 1 ? { start } : {});
      }
      case 'table_open':
        // A wrapper that scrolls sideways, so a wide table does not widen the page.
        this.open('div', { className: 'bsp-md-table' });
        return this.open('table');
      case 'th_open':
      case 'td_open':
        return this.open(BLOCK_TAGS[token.type]!, alignOf(token));
      case 'fence':
      case 'code_block':
        return this.code(token);
      case 'hr':
        return this.append({ tag: 'hr', attrs: {}, children: [] });
      default: {
        const tag = BLOCK_TAGS[token.type];
        if (tag) return this.open(tag);
        // Nothing else is expected with html off (html_block cannot occur); keep any text as text.
        if (token.nesting === 1) return this.open('div');
        if (token.content) this.append(token.content);
      }
    }
  }

  private code(token: Token): void {
    const language = token.type === 'fence' ? languageOf(token.info) : undefined;
    this.open('pre');
    this.open('code', language ? { language } : {});
    this.append(token.content.replace(/\n$/, ''));
    this.close();
    this.close();
  }

  private inline(children: Token[]): void {
    const depth = this.stack.length;
    let first = true;
    for (const token of children) {
      if (this.full) return;
      if (first && this.itemStarts) this.taskCheck(token);
      first = false;
      this.inlineToken(token);
    }
    this.itemStarts = false;
    // Inline spans close within their run; whatever the budget left open is closed here.
    while (this.stack.length > depth) this.close();
  }

  /** GitHub's task lists: "- [x] done" gets a check mark instead of the brackets. */
  private taskCheck(token: Token): void {
    const match = token.type === 'text' ? TASK.exec(token.content) : null;
    const item = this.nearest('li');
    if (!match || !item) return;
    const done = match[1] !== ' ';
    token.content = token.content.slice(match[0].length);
    item.attrs.taskItem = true;
    this.append({
      tag: 'span',
      attrs: {
        className: done ? 'bsp-md-check bsp-md-check--done' : 'bsp-md-check',
        label: done ? 'Done' : 'Not done',
      },
      children: done ? ['\u2713'] : [],
    });
    this.append(' ');
  }

  private nearest(tag: MdTag): MdElement | undefined {
    for (let i = this.stack.length - 1; i >= 0; i -= 1) if (this.stack[i]!.tag === tag) return this.stack[i];
    return undefined;
  }

  private inlineToken(token: Token): void {
    switch (token.type) {
      case 'text':
        return this.append(token.content);
      case 'softbreak':
        return this.append('\n');
      case 'hardbreak':
        return this.append({ tag: 'br', attrs: {}, children: [] });
      case 'code_inline':
        this.open('code');
        this.append(token.content);
        return this.close();
      case 'link_open': {
        const href = String(token.attrGet('href') ?? '');
        const title = token.attrGet('title');
        // markdown-it only makes links that passed isSafeLink; check again all the same.
        if (!isSafeLink(href)) return this.open('span');
        return this.open('a', title ? { href, title: String(title) } : { href });
      }
      case 'image':
        return this.image(token);
      default: {
        if (token.nesting === -1) return this.close();
        const tag = INLINE_TAGS[token.type];
        if (tag) return this.open(tag);
        if (token.nesting === 1) return this.open('span');
        // html_inline cannot occur with html off; any other token's text stays text.
        if (token.content) this.append(token.content);
      }
    }
  }

  /**
   * Images are never loaded: a file must not make the browser fetch from other hosts (nor
   * track who opened it). They become a link to the image, named by its alt text.
   */
  private image(token: Token): void {
    const alt = (token.children ?? []).map((child) => child.content).join('') || token.content;
    const label = `[Image: ${alt.trim() || 'untitled'}]`;
    const src = String(token.attrGet('src') ?? '');
    const title = token.attrGet('title');
    if (isSafeLink(src) && !/^mailto:/i.test(src)) {
      this.open('a', { href: src, className: 'bsp-md-image', ...(title ? { title: String(title) } : {}) });
    } else {
      this.open('span', { className: 'bsp-md-image' });
    }
    this.append(label);
    this.close();
  }
}

function alignOf(token: Token): MdAttrs {
  const match = /text-align:\s*(left|right|center)/.exec(String(token.attrGet('style') ?? ''));
  return match ? { align: match[1] as MdAttrs['align'] } : {};
}

function languageOf(info: string): string | undefined {
  const word = info.trim().split(/\s/, 1)[0] ?? '';
  const clean = word.replace(/[^\w+#.-]/g, '').slice(0, 40);
  return clean || undefined;
}
