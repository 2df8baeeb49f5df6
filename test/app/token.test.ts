import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app.destroy();
});

describe('GET /api/token/:element', () => {
  test('explorer: a downscoped token for the demo folder, not cached by the browser', async () => {
    const folder = await app.demo.folder();
    const res = await request(app.url).get('/api/token/explorer').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      accessToken: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      expiresAt: expect.any(String),
      expiresIn: expect.any(Number),
      scopes: ['base_explorer', 'item_preview', 'item_download', 'item_rename', 'item_delete', 'item_upload'],
      resource: { type: 'folder', id: folder.id },
    });
    expect(res.body.expiresIn).toBeGreaterThan(3000);
  });
});
