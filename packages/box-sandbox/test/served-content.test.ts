import { byteStream, useSandbox } from './support/sandbox';

/**
 * Uploaded bytes, wherever the sandbox serves them (downloads and their short-lived URLs, old
 * versions, the upload host's download, shared links' public URLs, the `original`
 * representation Content Preview reads, zips), never run in a browser as the sandbox's own: a
 * page that lets the sandbox's origin load scripts (for the preview library) would otherwise run
 * an uploaded `.js` as one of its own scripts. So every answer carries `nosniff`, downloads are
 * attachments, and a type a browser would run or render (scripts, style sheets, pages, SVG, XML)
 * is sent as `application/octet-stream`: with `nosniff`, a browser refuses to run that as a script
 * or apply it as a style sheet. Types a browser only shows keep their own.
 */

const box = useSandbox();

/** What a browser would make of these: each would run or render as active content. */
const ACTIVE = [
  ['evil.js', 'alert(document.domain)'],
  ['evil.mjs', 'export default 1'],
  ['page.html', '<script>alert(1)</script>'],
  ['page.xhtml', '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'],
  ['style.css', 'body { background: url(https://example.com/leak) }'],
  ['image.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
  ['data.xml', '<?xml version="1.0"?><x/>'],
] as const;

/** Types a browser only shows: kept. */
const PASSIVE = [
  ['notes.txt', 'just text', 'text/plain; charset=utf-8'],
  ['photo.png', 'not really a png', 'image/png'],
  ['paper.pdf', '%PDF-1.4 not really', 'application/pdf'],
] as const;

interface Served {
  status: number;
  type: string | null;
  disposition: string | null;
  nosniff: string | null;
}

const served = async (url: string, headers: Record<string, string> = {}): Promise<Served> => {
  const res = await fetch(url, { headers, redirect: 'manual' });
  await res.arrayBuffer();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    nosniff: res.headers.get('x-content-type-options'),
  };
};

const bearer = () => ({ Authorization: `Bearer ${box.token}` });

/** Every URL the file's current bytes (and an older version's) are served at, by what serves it. */
async function urlsOf(name: string, bytes: string) {
  const file = await box.upload(name, '0', `old ${bytes}`);
  const oldVersion = file.fileVersion!.id;
  const current = (
    await box.client.uploads.uploadFileVersion(file.id, { attributes: { name }, file: byteStream(bytes) })
  ).entries![0]!;
  const link = await box.client.sharedLinksFiles.addShareLinkToFile(
    file.id,
    { sharedLink: { access: 'open', vanityName: `vanity-${file.id}` } },
    { fields: 'shared_link' },
  );
  const redirectOf = async (path: string) => {
    const res = await fetch(`${box.sandbox.url}${path}`, { headers: bearer(), redirect: 'manual' });
    expect(res.status).toBe(302);
    return res.headers.get('location')!;
  };
  return {
    downloads: {
      'download ticket': await redirectOf(`/2.0/files/${file.id}/content`),
      "an old version's download ticket": await redirectOf(
        `/2.0/files/${file.id}/content?version=${oldVersion}`,
      ),
      'the shared link download_url': link.sharedLink!.downloadUrl!,
    },
    withToken: {
      authenticated_download_url: `${box.sandbox.url}/api/2.0/files/${file.id}/content`,
      'the original representation': `${box.sandbox.url}/2.0/internal_files/${file.id}/versions/${current.fileVersion!.id}/representations/original/content/`,
    },
    shown: {
      'the shared link url': link.sharedLink!.url,
      'the shared link vanity_url': link.sharedLink!.vanityUrl!,
    },
  };
}

describe.each(ACTIVE)('%s', (name, bytes) => {
  test('is served as bytes, never as a script, a style sheet or a page', async () => {
    const urls = await urlsOf(name, bytes);
    const all = [
      ...Object.entries(urls.downloads).map(([what, url]) => [what, url, {}] as const),
      ...Object.entries(urls.withToken).map(([what, url]) => [what, url, bearer()] as const),
      ...Object.entries(urls.shown).map(([what, url]) => [what, url, {}] as const),
    ];
    for (const [what, url, headers] of all) {
      const answer = await served(url, headers);
      expect({ what, status: answer.status, type: answer.type, nosniff: answer.nosniff }).toEqual({
        what,
        status: 200,
        type: 'application/octet-stream',
        nosniff: 'nosniff',
      });
    }
    for (const [what, url] of Object.entries(urls.downloads)) {
      const { disposition } = await served(url);
      expect({ what, disposition }).toEqual({ what, disposition: expect.stringMatching(/^attachment;/) });
    }
    const upload = await served(urls.withToken.authenticated_download_url, bearer());
    expect(upload.disposition).toMatch(/^attachment;/);
  });
});

describe.each(PASSIVE)('%s', (name, bytes, type) => {
  test('keeps its type, with nosniff', async () => {
    const urls = await urlsOf(name, bytes);
    const ticket = await served(urls.downloads['download ticket']);
    expect(ticket).toMatchObject({ status: 200, type, nosniff: 'nosniff' });
    expect(ticket.disposition).toMatch(/^attachment;/);
    expect(await served(urls.shown['the shared link url'])).toMatchObject({
      status: 200,
      type,
      nosniff: 'nosniff',
    });
  });
});

test('a zip download is an attachment of bytes, with nosniff', async () => {
  const file = await box.upload('zipped.js', '0', 'alert(1)');
  const zip = await box.client.zipDownloads.createZipDownload({
    items: [{ type: 'file', id: file.id }],
    downloadFileName: 'scripts',
  });
  const answer = await served(zip.downloadUrl!);
  expect(answer).toMatchObject({ status: 200, type: 'application/octet-stream', nosniff: 'nosniff' });
  expect(answer.disposition).toMatch(/^attachment;/);
});
