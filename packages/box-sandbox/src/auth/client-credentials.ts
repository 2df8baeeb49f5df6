import type { SandboxStore } from '../store';
import type { App } from '../store/apps';
import { grantCredentialsInvalid, invalidClient, subjectTypeUnauthorized } from '../errors';
import { issueFullToken } from './full-token';

/**
 * The Client Credentials Grant (`grant_type=client_credentials`): the app's client ID and secret,
 * and who to act as: `box_subject_type=enterprise` with the enterprise ID (the service account),
 * or `user` with the ID of one of its app users (needs "Generate user access tokens"). The
 * sandbox's app may use it as well as JWT, as a Box app can. Box's errors:
 * - a wrong or missing client ID or secret, and (as Box answers it) a request with no
 *   `box_subject_type`: `invalid_client`;
 * - a `box_subject_type` other than `enterprise` or `user`: `unauthorized_client`;
 * - a `box_subject_id` the app cannot act as: `invalid_grant` "Grant credentials are invalid".
 */
export function clientCredentialsGrant(
  store: SandboxStore,
  form: Record<string, string | undefined>,
  ttlSeconds: number,
) {
  const app = store.apps.authenticate(form.client_id ?? '', form.client_secret ?? '');
  if (!app || !form.box_subject_type) throw invalidClient();
  const userId = subjectUserId(store, app, form.box_subject_type, form.box_subject_id ?? '');
  return issueFullToken(store, app.clientId, userId, ttlSeconds);
}

function subjectUserId(store: SandboxStore, app: App, subjectType: string, subjectId: string): number {
  if (subjectType === 'enterprise') {
    const account =
      subjectId === app.enterpriseId ? store.users.serviceAccountOf(app.enterpriseId) : undefined;
    if (!account) throw grantCredentialsInvalid();
    return account.id;
  }
  if (subjectType === 'user') {
    const user = /^\d{1,20}$/.test(subjectId) ? store.users.get(Number(subjectId)) : undefined;
    if (!user || user.kind !== 'app_user' || user.enterpriseId !== app.enterpriseId || !app.userAccessTokens)
      throw grantCredentialsInvalid();
    return user.id;
  }
  throw subjectTypeUnauthorized();
}
