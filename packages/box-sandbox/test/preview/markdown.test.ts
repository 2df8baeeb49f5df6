/**
 * Markdown in the sandbox's preview library: markdown-it's tokens walked into a tree of fixed
 * tags (src/sandbox/preview/content/markdown.ts), which the browser code turns into DOM nodes.
 * Here in Node, the tree itself: what it may contain, and how much of it a hostile file can make.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  isSafeLink,
  markdownToTree,
  type MdElement,
  type MdNode,
  type MdTag,
  type MdTree,
} from '../../src/preview/content/markdown';
import { LIMITS } from '../../src/preview/limits';

const limits = { maxChars: LIMITS.markdownBytes, maxNodes: LIMITS.markdownNodes };
const tree = (source: string) => markdownToTree(source, limits);

function* walk(nodes: MdNode[], depth = 1): Generator<{ node: MdNode; depth: number }> {
  for (const node of nodes) {
    yield { node, depth };
    if (typeof node !== 'string') yield* walk(node.children, depth + 1);
  }
}
const elements = (t: MdTree, tag?: MdTag): MdElement[] =>
  [...walk(t.nodes)]
    .map(({ node }) => node)
    .filter((n): n is MdElement => typeof n !== 'string' && (!tag || n.tag === tag));
const textOf = (node: MdNode | MdNode[]): string =>
  Array.isArray(node) ? node.map(textOf).join('') : typeof node === 'string' ? node : textOf(node.children);
const depthOf = (t: MdTree) => Math.max(0, ...[...walk(t.nodes)].map(({ depth }) => depth));
const countOf = (t: MdTree) => [...walk(t.nodes)].length;

describe('Markdown: what a file can become', () => {
  test('release notes: headings, a list with bold text, a table, a quote', () => {
    const notes = readFileSync(path.join(__dirname, '../fixtures/release-notes.md'), 'utf8');
    const t = tree(notes);
    expect(elements(t, 'h1').map(textOf)).toEqual(['Release notes']);
    expect(elements(t, 'h2').map(textOf)).toEqual(['What this sample shows', 'Scopes per element']);
    expect(elements(t, 'li')).toHaveLength(3);
    expect(textOf(elements(t, 'strong')[0]!)).toBe('JWT server authentication');
    // A tight list: no <p> inside its items.
    expect(
      elements(t, 'li')
        .flatMap((li) => li.children)
        .filter((c) => typeof c !== 'string' && c.tag === 'p'),
    ).toEqual([]);
    const [wrapper] = elements(t, 'div');
    expect(wrapper?.attrs.className).toBe('bsp-md-table');
    expect(elements(t, 'th').map(textOf)).toEqual(['Element', 'Scopes']);
    expect(elements(t, 'tr')).toHaveLength(7);
    expect(textOf(elements(t, 'blockquote'))).toBe('The parent token never leaves the server.');
  });

  test('raw HTML stays text: no element of the file is ever a tag of its own', () => {
    const hostile = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      'a <b onclick="x()">bold</b> <iframe src="https://evil.example"></iframe>',
      '<div>',
      '*<svg onload=alert(1)>*',
    ].join('\n\n');
    const t = tree(hostile);
    // Paragraphs, the emphasis, and the one URL in there as a link of its own.
    const allowed = new Set<MdTag>(['p', 'em', 'a']);
    expect(elements(t).filter((e) => !allowed.has(e.tag))).toEqual([]);
    expect(elements(t, 'a').map((a) => a.attrs)).toEqual([{ href: 'https://evil.example' }]);
    const text = textOf(t.nodes);
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(text).toContain('<svg onload=alert(1)>');
  });

  test.each([
    '[x](javascript:alert(1))',
    '[x](JavaScript:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](<javascript:alert(1)>)',
    '<javascript:alert(1)>',
    '[x](vbscript:msgbox(1))',
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
    '[x](file:///etc/passwd)',
    '[x](/relative/path)',
    '[x](#anchor)',
    '[x]: javascript:alert(1)\n\n[x]',
    '![x](javascript:alert(1))',
  ])('%j links nowhere', (source) => {
    const t = tree(source);
    expect(elements(t, 'a')).toEqual([]);
    // Whatever it became, no attribute names a script.
    expect(JSON.stringify(t.nodes)).not.toMatch(/"href":"(?!https?:|mailto:)/i);
  });

  test('http(s) and mailto links work, bare URLs too; they are absolute', () => {
    const t = tree(
      '[Box](https://www.box.com "Box") <mailto:dev@example.com> see https://example.org/a?b=1 ok',
    );
    expect(elements(t, 'a').map((a) => a.attrs)).toEqual([
      { href: 'https://www.box.com', title: 'Box' },
      { href: 'mailto:dev@example.com' },
      { href: 'https://example.org/a?b=1' },
    ]);
    expect(isSafeLink('HTTPS://EXAMPLE.COM')).toBe(true);
    expect(isSafeLink('https://')).toBe(false);
  });

  test('images are never loaded: they become a link named by their alt text', () => {
    const t = tree('![A cube](https://example.com/cube.png) and ![local](cube.png) and ![bad](javascript:x)');
    const images = elements(t).filter((e) => e.attrs.className === 'bsp-md-image');
    expect(images).toEqual([
      {
        tag: 'a',
        attrs: { href: 'https://example.com/cube.png', className: 'bsp-md-image' },
        children: ['[Image: A cube]'],
      },
    ]);
    // markdown-it refuses an image whose source fails isSafeLink: it stays text.
    expect(textOf(t.nodes)).toContain('![local](cube.png) and ![bad](javascript:x)');
  });

  test('fenced code keeps its text and a cleaned-up language; task lists get check marks', () => {
    const t = tree('```js"><script>\nconst a = "<b>";\n```\n\n- [x] done\n- [ ] to do\n\n3. three\n4. four');
    const [code] = elements(t, 'code');
    expect(code?.attrs.language).toBe('jsscript');
    expect(textOf(code!)).toBe('const a = "<b>";');
    const items = elements(t, 'li');
    expect(items.slice(0, 2).map((li) => [li.attrs.taskItem, textOf(li)])).toEqual([
      [true, '\u2713 done'],
      [true, ' to do'],
    ]);
    expect(elements(t, 'span').map((s) => s.attrs.label)).toEqual(['Done', 'Not done']);
    expect(elements(t, 'ol')[0]?.attrs.start).toBe(3);
  });
});

describe('Markdown: bounded work on hostile files', () => {
  const MB = 1024 * 1024;

  test.each([
    ['1 MB of *', '*'.repeat(MB)],
    ['1 MB of _', '_'.repeat(MB)],
    ['1 MB of [', '['.repeat(MB)],
    ['1 MB of *_[', '*_['.repeat(MB / 3)],
    ['1 MB of *a_', '*a_'.repeat(MB / 3)],
    ['1 MB of ![', '!['.repeat(MB / 2)],
    ['1 MB of [a](b', '[a](b'.repeat(MB / 5)],
    ['1 MB of backticks', '`a``'.repeat(MB / 4)],
    ['1 MB of http://', 'http://'.repeat(MB / 7)],
  ])('%s: parsed up to the character cap, into a bounded tree', (_name, source) => {
    const t = tree(source);
    expect(t.truncated).not.toBe(false);
    expect(t.nodeCount).toBeLessThanOrEqual(LIMITS.markdownNodes);
    expect(countOf(t)).toBe(t.nodeCount);
    // Never more text than was parsed.
    expect(textOf(t.nodes).length).toBeLessThanOrEqual(LIMITS.markdownBytes);
  });

  test('deeply nested brackets, quotes and lists stop at the nesting limit', () => {
    for (const source of [
      '['.repeat(100_000) + 'x' + ']'.repeat(100_000) + '(https://example.com)',
      '>'.repeat(50_000) + ' deep',
      Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i * 2)}- item`).join('\n'),
      // Emphasis pairs up without markdown-it's nesting limit: the tree builder caps it.
      '*'.repeat(5000) + 'x' + '*'.repeat(5000),
      '_'.repeat(100_000) + 'x' + '_'.repeat(100_000),
    ]) {
      const t = tree(source);
      expect(depthOf(t)).toBeLessThanOrEqual(33);
      expect(t.nodeCount).toBeLessThanOrEqual(LIMITS.markdownNodes);
    }
  });

  test('a file of 100,000 list items builds at most the node budget, and says so', () => {
    const t = tree('- a\n'.repeat(100_000));
    expect(t.truncated).toBe('nodes');
    expect(t.nodeCount).toBe(LIMITS.markdownNodes);
    expect(countOf(t)).toBe(LIMITS.markdownNodes);
  });

  test('a file within the limits is whole', () => {
    const t = tree('# Title\n\n' + 'Some *text* here.\n\n'.repeat(1000));
    expect(t.truncated).toBe(false);
    expect(elements(t, 'em')).toHaveLength(1000);
  });
});
