import type { Request, Response } from 'express';
import { FILE_ELEMENTS, type Element } from '../box/scopes';
import { errorSummary } from '../logger';
import { ELEMENTS_VERSION } from './assets';
import { BOX_CDN, PREVIEW_LIBRARY_PATH } from './security';
import type { AppDeps } from './deps';
import { personOf, spaceOf } from '../auth/guard';
import type { BoxSpace, Identity } from '../box/box-service';
import { DEMO_TEMPLATE } from '../box/demo-content';
import type { DemoFolder } from '../box/demo-folder';
import { fileIdQuery, noQuery, parse } from './validation';
import type { ElementMessages } from './element-messages';
import type { Translate } from '../i18n/catalogs';
import { localizedOf } from '../i18n/localize';

/** Content Preview's `staticPath` (no slashes): Box's CDN and the sandbox serve the library under it. */
const PREVIEW_STATIC_PATH = PREVIEW_LIBRARY_PATH.replace(/^\/|\/$/g, '');

/**
 * Each element page's UI Elements bundle, by its name in box-ui-elements' dist/ (the metadata view
 * is Content Explorer's). What a page says about itself is in the catalogs: `pages.<element>`.
 */
const BUNDLES: Record<Element, string> = {
  explorer: 'explorer',
  uploader: 'uploader',
  picker: 'picker',
  preview: 'preview',
  sidebar: 'sidebar',
  metadata: 'explorer',
};

/** A page's title and introduction, in the page's language. */
const pageInfo = (t: Translate, element: Element) => ({
  title: t(`pages.${element}.title`),
  intro: t(`pages.${element}.intro`),
  bundle: BUNDLES[element],
});

/** The text public/js/box-sample.js shows (errors, retries), in the page's language. */
const SCRIPT_TEXT = [
  'unreachable',
  'signedOut',
  'noAccess',
  'noAccessBecause',
  'appRetrying',
  'tooManyRetrying',
  'boxRetrying',
  'slowDown',
  'notLoaded',
  'file',
  'folder',
  'bookmark',
  'bookmarkAdded',
  'bookmarkFailed',
] as const;

export interface PageAssets {
  appAssets: string;
  fonts: string;
  /** Where the element bundles come from: the app's own versioned path, or Box's CDN. */
  elements: string;
}

export function pageHandlers(deps: AppDeps, elementMessages: ElementMessages) {
  const { settings } = deps;
  // mode, apiHost, assets and the elements version are in app.locals, the person in res.locals
  // (every view, the error page too).
  const common = (req: Request) => ({ path: req.path });

  /**
   * `/`: for a visitor, what signing in gives them; for someone signed in (or everyone, with
   * AUTH_MODE=none), which Box, as whom, and their folder. It renders even when Box is down: it
   * says what is wrong instead of failing.
   */
  async function home(req: Request, res: Response): Promise<void> {
    parse(noQuery, req.query, 'query');
    const space = res.locals.space as BoxSpace | undefined;
    const person = personOf(res);
    let identity: Identity | undefined;
    let folder: (DemoFolder & { totalCount: number }) | undefined;
    if (space) {
      const [who, summary] = await Promise.allSettled([
        person
          ? Promise.resolve({ id: person.boxUserId, name: person.boxUserName, login: '' })
          : space.identity(),
        space.summary(),
      ]);
      for (const result of [who, summary])
        if (result.status === 'rejected')
          deps.logger.warn({ requestId: req.id, ...errorSummary(result.reason) }, 'home: Box call failed');
      identity = who.status === 'fulfilled' ? who.value : undefined;
      folder = summary.status === 'fulfilled' ? summary.value : undefined;
    }
    const { t } = localizedOf(res);
    res.render('home', {
      ...common(req),
      title: t('site.name'),
      visitor: !space,
      identity,
      folder,
      pages: Object.fromEntries(
        (Object.keys(BUNDLES) as Element[]).map((element) => [element, pageInfo(t, element)]),
      ),
    });
  }

  function elementPage(element: Element) {
    return async (req: Request, res: Response): Promise<void> => {
      const forFile = FILE_ELEMENTS.includes(element);
      const { fileId: requestedFile } = parse(forFile ? fileIdQuery : noQuery, req.query, 'query');
      const space = spaceOf(res);
      const folder = await space.folder();
      let fileId: string | undefined;
      if (forFile) {
        fileId = requestedFile ?? (await space.firstFileId());
        if (requestedFile) await space.assertContains(requestedFile);
      }
      const shown = !forFile || fileId !== undefined;
      const i18n = localizedOf(res);
      const page = pageInfo(i18n.t, element);
      res.render('element', {
        ...common(req),
        title: page.title,
        element,
        // The element's first token, asked for while its bundle loads (public/js/early-token.js):
        // the URL is the one box-sample.js's tokenFor builds for this page.
        earlyTokenUrl: shown
          ? `/api/token/${element}${fileId !== undefined ? `?${new URLSearchParams({ fileId })}` : ''}`
          : undefined,
        page,
        messagesUrl: elementMessages.url(i18n.elements),
        folder,
        fileId,
        config: {
          element,
          bundle: page.bundle,
          title: page.title,
          // The element's language (one of Box's locales; its messages come in their own script),
          // the app's text around it, and the locale its figures are formatted in.
          language: i18n.elements,
          locale: i18n.htmlLang,
          text: Object.fromEntries(SCRIPT_TEXT.map((key) => [key, i18n.t(`script.${key}`)])),
          folderId: folder.id,
          fileId: fileId ?? null,
          apiHost: settings.apiHost,
          uploadHost: settings.uploadHost,
          allowSharedLinks: settings.allowSharedLinks,
          signIn: settings.authMode === 'oidc',
          // The metadata view's template and columns (the demo template the seeding applies).
          metadata:
            element === 'metadata'
              ? {
                  scope: `enterprise_${deps.enterpriseId}`,
                  templateKey: DEMO_TEMPLATE.templateKey,
                  fields: DEMO_TEMPLATE.fields.map(({ key, displayName, type }) => ({
                    key,
                    displayName,
                    type,
                  })),
                }
              : null,
          // Content Preview loads its library from {staticHost}/{staticPath}/{version}/{language}/.
          preview: {
            staticHost: settings.staticHost,
            staticPath: PREVIEW_STATIC_PATH,
            version: settings.previewLibraryVersion ?? null,
          },
        },
      });
    };
  }

  return { home, elementPage };
}

/** Where the pages load the UI Elements bundles from. */
export function elementsBaseUrl(source: 'local' | 'cdn', localPath: string): string {
  return source === 'cdn' ? `${BOX_CDN}/platform/elements/${ELEMENTS_VERSION}/en-US` : localPath;
}
