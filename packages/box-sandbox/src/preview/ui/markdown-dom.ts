import { isSafeLink, type MdNode } from '../content/markdown';

/**
 * The Markdown tree (content/markdown.ts) as DOM. Tags come from the tree's fixed list; text
 * becomes text nodes; each attribute is set by name, and links are checked once more.
 */
export function markdownToDom(nodes: MdNode[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const node of nodes) fragment.append(toDom(node));
  return fragment;
}

function toDom(node: MdNode): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  const { tag, attrs, children } = node;
  const element = document.createElement(tag);
  if (attrs.className) element.className = attrs.className;
  if (attrs.taskItem) element.classList.add('bsp-md-task');
  if (attrs.label) {
    element.setAttribute('role', 'img');
    element.setAttribute('aria-label', attrs.label);
  }
  if (attrs.align) element.style.textAlign = attrs.align;
  if (attrs.language) element.className = `language-${attrs.language}`;
  if (attrs.start !== undefined && element instanceof HTMLOListElement) element.start = attrs.start;
  if (attrs.title) element.title = attrs.title;
  if (element instanceof HTMLAnchorElement && attrs.href && isSafeLink(attrs.href)) {
    element.href = attrs.href;
    if (!/^mailto:/i.test(attrs.href)) {
      // A file's links open elsewhere, and tell the target nothing about this page.
      element.target = '_blank';
      element.rel = 'noopener noreferrer nofollow';
    }
  }
  for (const child of children) element.append(toDom(child));
  return element;
}
