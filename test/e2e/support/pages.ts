import type { Page } from 'playwright-core';
import { elementRegion, explorerList } from './elements';

/**
 * The app's pages, and when each has loaded its element. The element pages wait for something
 * the element shows once it has talked to the sandbox (the demo folder's files), in the page's
 * language: the words the waits look for are Box's own (box-ui-elements' `i18n/<locale>.properties`)
 * and the app's (`locales/*.json`).
 */
export type PageName = 'home' | 'explorer' | 'uploader' | 'picker' | 'preview' | 'sidebar' | 'metadata';

/** The languages the browser tests look at pages in. */
export type Language = 'en' | 'de';

/** The few words the waits look for. */
export interface Words {
  /** The Explorer's list (be.itemList.listView). */
  listView: string;
  /** The Explorer's Add menu button (be.add). */
  add: string;
  /** The Uploader's drop zone (be.uploadEmptyWithFolderUploadDisabled). */
  dragAndDrop: string;
  /** The metadata view's page title, its region's name (pages.metadata.title). */
  metadataTitle: string;
  /** The file chooser's label (element.file). */
  file: string;
  /** The header's way in and out (header.signIn, header.signOut). */
  signIn: string;
  signOut: string;
  /** The dev identity provider's name, on its sign-in page (devIdp.name). */
  provider: string;
}

export const WORDS: Record<Language, Words> = {
  en: {
    listView: 'List view',
    add: 'Add',
    dragAndDrop: 'Drag and drop files',
    metadataTitle: 'Metadata view',
    file: 'File',
    signIn: 'Sign in',
    signOut: 'Sign out',
    provider: 'Development identity provider',
  },
  de: {
    listView: 'Listenansicht',
    add: 'Hinzufügen',
    dragAndDrop: 'Dateien per Drag-and-Drop ablegen',
    metadataTitle: 'Metadatenansicht',
    file: 'Datei',
    signIn: 'Anmelden',
    signOut: 'Abmelden',
    provider: 'Entwicklungs-Identitätsanbieter',
  },
};

export interface PageSpec {
  path: string;
  /** The page's title in English (the element pages' titles are the elements' names). */
  title: string;
  /** Resolves once the page shows its content (the element pages: their element, loaded). */
  ready(page: Page, words?: Words): Promise<void>;
}

export const PAGES: Record<PageName, PageSpec> = {
  home: { path: '/', title: 'Box UI Elements sample', ready: readyHome },
  explorer: { path: '/explorer', title: 'Content Explorer', ready: readyExplorer },
  uploader: { path: '/uploader', title: 'Content Uploader', ready: readyUploader },
  picker: { path: '/picker', title: 'Content Picker', ready: readyPicker },
  preview: { path: '/preview', title: 'Content Preview', ready: readyPreview },
  sidebar: { path: '/sidebar', title: 'Content Sidebar', ready: readySidebar },
  metadata: { path: '/metadata', title: 'Metadata view', ready: readyMetadata },
};

async function readyHome(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).waitFor();
}
async function readyExplorer(page: Page, words = WORDS.en): Promise<void> {
  // Rows are named differently in the phone layout (name and details in one cell).
  await (await explorerList(page, words.listView)).getByText('Welcome.txt', { exact: true }).waitFor();
}
async function readyUploader(page: Page, words = WORDS.en): Promise<void> {
  await elementRegion(page, 'Content Uploader').getByText(words.dragAndDrop).waitFor();
}
async function readyPicker(page: Page): Promise<void> {
  await elementRegion(page, 'Content Picker').getByRole('checkbox', { name: 'Welcome.txt' }).waitFor();
}
async function readyPreview(page: Page): Promise<void> {
  // The first file of the demo folder: the cube, decoded.
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('#element img[alt="Box cube.png"]');
    return Boolean(img?.complete && img.naturalWidth > 0);
  });
}
async function readySidebar(page: Page, words = WORDS.en): Promise<void> {
  // The first file's activity feed, loaded (its comment box is there), beside the file chooser.
  await page.locator('#element .bcs-activity-feed-comment-input').waitFor();
  await page.getByRole('listbox', { name: words.file }).waitFor();
}
async function readyMetadata(page: Page, words = WORDS.en): Promise<void> {
  await elementRegion(page, words.metadataTitle).getByRole('rowheader', { name: 'Welcome.txt' }).waitFor();
}

/**
 * The page at this viewport size, its element laid out for it. The elements that change their
 * layout with their width (Explorer, Picker, Uploader, Preview: `be-is-small` at 700 px or less)
 * take it from the window when they are made, and after a resize only through a debounced
 * measurement, which under CI's load was seen not to settle within 20 s. So the page is loaded
 * again at its new size: the element is made for it. For the tests' two sizes: small at PHONE
 * width, not at DESKTOP width. Callers wait for the page to be ready again afterwards.
 */
export async function showAtWidth(page: Page, viewport: { width: number; height: number }): Promise<void> {
  const current = page.viewportSize();
  if (current?.width === viewport.width && current.height === viewport.height) return;
  await page.setViewportSize(viewport);
  await page.reload();
  await page.waitForFunction(
    (small) =>
      Array.from(
        document.querySelectorAll('#element .be.bce, #element .be.bcp, #element .be.bcu, #element .be.bcpr'),
      ).every((element) => element.classList.contains('be-is-small') === small),
    viewport.width <= 700,
  );
}
