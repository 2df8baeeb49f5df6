/**
 * The same JSON the app's warm `GET /api/token/explorer` answers (about 260 bytes: a token, its
 * expiry, six scopes and the folder), for the bare baselines to serve.
 */
export const TOKEN_LIKE_ANSWER = {
  accessToken: 'T9rGQx2mV7cLk4pZ8wYb1nHs6eJd3aFu',
  expiresAt: '2026-12-01T21:00:00.000Z',
  expiresIn: 3599,
  scopes: ['base_explorer', 'item_preview', 'item_download', 'item_rename', 'item_delete', 'item_upload'],
  resource: { type: 'folder', id: '100000000001' },
};
