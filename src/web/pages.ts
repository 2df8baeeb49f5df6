import type { Request, Response } from 'express';
import { FILE_ELEMENTS, type Element } from '../box/scopes';
import { errorSummary } from '../logger';
import { ELEMENTS_VERSION } from './assets';
import { BOX_CDN } from './security';
import type { AppDeps } from './deps';
import { personOf, spaceOf } from '../auth/guard';
import type { BoxSpace, Identity } from '../box/box-service';
import { DEMO_TEMPLATE } from '../box/demo-content';
import type { DemoFolder } from '../box/demo-folder';
import { fileIdQuery, noQuery, parse } from './validation';

/** Content Preview's `staticPath`: Box's CDN and the sandbox serve the library under it. */
const PREVIEW_STATIC_PATH = 'platform/preview';

/** What each element page says about itself, and which UI Elements bundle it loads. */
interface PageInfo {
  title: string;
  intro: string;
  /** The bundle's name in box-ui-elements' dist/ (the metadata view is Content Explorer's). */
  bundle: string;
}

const PAGES: Record<Element, PageInfo> = {
  explorer: {
    title: 'Content Explorer',
    intro: 'Browse your folder: open, preview, download, rename, delete, upload and create folders.',
    bundle: 'explorer',
  },
  uploader: {
    title: 'Content Uploader',
    intro: 'Drop files here to upload them into your folder.',
    bundle: 'uploader',
  },
  picker: {
    title: 'Content Picker',
    intro: 'Choose files from your folder; your choice appears below.',
    bundle: 'picker',
  },
  preview: {
    title: 'Content Preview',
    intro: 'A file from your folder, previewed, with its details, activity, versions and metadata beside it.',
    bundle: 'preview',
  },
  sidebar: {
    title: 'Content Sidebar',
    intro: "A file's details, comments and tasks, versions and metadata, on their own.",
    bundle: 'sidebar',
  },
  metadata: {
    title: 'Metadata view',
    intro: 'The files of your folder with their document info as columns: sort, filter, edit in place.',
    bundle: 'explorer',
  },
};

export interface PageAssets {
  appAssets: string;
  fonts: string;
  /** Where the element bundles come from: the app's own versioned path, or Box's CDN. */
  elements: string;
}

export function pageHandlers(deps: AppDeps) {
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
    res.render('home', {
      ...common(req),
      title: 'Box UI Elements sample',
      visitor: !space,
      identity,
      folder,
      pages: PAGES,
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
      res.render('element', {
        ...common(req),
        title: PAGES[element].title,
        element,
        // The element's first token, asked for while its bundle loads (public/js/early-token.js):
        // the URL is the one box-sample.js's tokenFor builds for this page.
        earlyTokenUrl: shown
          ? `/api/token/${element}${fileId !== undefined ? `?${new URLSearchParams({ fileId })}` : ''}`
          : undefined,
        page: PAGES[element],
        folder,
        fileId,
        config: {
          element,
          bundle: PAGES[element].bundle,
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
