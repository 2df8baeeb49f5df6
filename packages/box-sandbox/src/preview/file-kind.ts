import type { ViewerName } from './viewer';
import type { BoxFile } from './types';

/** Which viewer shows a file, chosen by its extension (Box converts; the sandbox never does). */
export type FileKind =
  | { viewer: 'Image'; kind: 'image'; ext: string; mimeType: string }
  | { viewer: 'Document'; kind: 'pdf'; ext: string }
  | { viewer: 'Markdown'; kind: 'markdown'; ext: string }
  | { viewer: 'CSV'; kind: 'table'; ext: string; delimiter: ',' | '\t' }
  | { viewer: 'Text'; kind: 'text' | 'code'; ext: string }
  | { viewer: 'Unsupported'; kind: 'unsupported'; ext: string };

/** The viewers this library has, as `getViewers()` lists them. */
export const VIEWER_NAMES: ViewerName[] = ['Image', 'Document', 'Markdown', 'CSV', 'Text'];

/** Images the browser decodes itself; the bytes are given this type so it never sniffs. */
const IMAGE_TYPES: Record<string, string> = {
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
const PLAIN_TEXT = new Set(['txt', 'text', 'log', 'out', 'me', 'nfo']);
const MARKDOWN = new Set(['md', 'markdown', 'mdown', 'mkd', 'mkdn']);
const DELIMITERS: Record<string, ',' | '\t'> = { csv: ',', tsv: '\t' };
const CODE = new Set(
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

/** The file's extension, lower case: Box's `extension` field, else what follows the name's last dot. */
export function extensionOf(file: Pick<BoxFile, 'extension' | 'name'>): string {
  let ext = typeof file.extension === 'string' ? file.extension.toLowerCase() : '';
  if (!ext && typeof file.name === 'string') {
    const dot = file.name.lastIndexOf('.');
    if (dot !== -1 && dot < file.name.length - 1) ext = file.name.slice(dot + 1).toLowerCase();
  }
  return ext.replace(/^\./, '');
}

export function detectKind(file: Pick<BoxFile, 'extension' | 'name'>): FileKind {
  const ext = extensionOf(file);
  const name = typeof file.name === 'string' ? file.name.toLowerCase() : '';
  const mimeType = IMAGE_TYPES[ext];
  if (mimeType) return { viewer: 'Image', kind: 'image', ext, mimeType };
  if (ext === 'pdf') return { viewer: 'Document', kind: 'pdf', ext };
  if (MARKDOWN.has(ext)) return { viewer: 'Markdown', kind: 'markdown', ext };
  const delimiter = DELIMITERS[ext];
  if (delimiter) return { viewer: 'CSV', kind: 'table', ext, delimiter };
  if (PLAIN_TEXT.has(ext)) return { viewer: 'Text', kind: 'text', ext };
  if (CODE.has(ext) || CODE_FILE_NAMES.has(name)) return { viewer: 'Text', kind: 'code', ext };
  return { viewer: 'Unsupported', kind: 'unsupported', ext };
}
