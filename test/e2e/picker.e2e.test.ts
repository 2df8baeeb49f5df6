import { useE2e } from './support/e2e';
import { elementRegion } from './support/elements';

const e2e = useE2e();

test('Content Picker: two files chosen in its UI are shown on the page', async () => {
  const app = await e2e.startApp('E2E Picker');
  const ids = new Map((await app.items()).map((item) => [item.name, item.id]));
  const context = await e2e.open(app);
  const page = await context.newPage();
  await page.goto(`${app.url}/picker`);
  const picker = elementRegion(page, 'Content Picker');
  const chosen = page.getByRole('region', { name: 'Chosen' });
  await chosen.getByText('Nothing chosen yet').waitFor();

  await picker.getByRole('checkbox', { name: 'Box cube.png' }).check();
  await picker.getByRole('checkbox', { name: 'Welcome.txt' }).check();
  await picker.getByRole('button', { name: '2 Selected' }).waitFor();
  await picker.getByRole('button', { name: 'Choose' }).click();

  const links = chosen.getByRole('listitem').getByRole('link');
  await links.nth(1).waitFor();
  const shown = await links.evaluateAll((anchors) =>
    anchors.map((a) => ({ name: a.textContent, href: a.getAttribute('href') })),
  );
  expect(shown).toEqual([
    { name: 'Box cube.png', href: `/preview?fileId=${ids.get('Box cube.png')}` },
    { name: 'Welcome.txt', href: `/preview?fileId=${ids.get('Welcome.txt')}` },
  ]);
  expect(await chosen.getByText('Nothing chosen yet').isHidden()).toBe(true);

  // Choosing made no shared link: the page's token has no item_share scope, and the page does
  // not ask for one (canSetShareAccess follows ALLOW_SHARED_LINKS, false here).
  const { requests } = await app.sandboxStats();
  expect(Object.keys(requests).filter((route) => route.startsWith('PUT '))).toEqual([]);
});
