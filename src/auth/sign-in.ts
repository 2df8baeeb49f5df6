import { userName } from '../box/app-users';
import type { BoxService } from '../box/box-service';
import { appUserSubject } from '../box/subject';
import type { Logger } from 'pino';
import { errorSummary } from '../logger';
import type { SignedInClaims } from './oidc-client';
import { externalIdOf, type Person } from './person';

/**
 * What a first (or any) sign-in does at Box: find the person's app user by issuer and subject, or
 * create it; keep its name as the provider says; make sure their folder exists and is seeded. The
 * person then works as that app user.
 */
export async function provisionPerson(
  box: BoxService,
  claims: SignedInClaims,
  logger: Pick<Logger, 'info' | 'warn'>,
): Promise<Person> {
  const user = await box.appUsers.findOrCreate(externalIdOf(claims.issuer, claims.subject), claims.name);
  let boxUserName = user.name;
  if (!user.created && user.name !== userName(claims.name)) {
    // A renamed person keeps their app user; its name follows. Not worth failing a sign-in for.
    try {
      await box.appUsers.rename(user.id, claims.name);
      boxUserName = userName(claims.name);
    } catch (err) {
      logger.warn({ boxUserId: user.id, ...errorSummary(err) }, 'sign-in: could not rename the app user');
    }
  }
  const folder = await box.space(appUserSubject(user.id)).ensureFolder();
  logger.info(
    { boxUserId: user.id, userCreated: user.created, folderId: folder.id, folderCreated: folder.created },
    'signed in',
  );
  return {
    issuer: claims.issuer,
    subject: claims.subject,
    name: claims.name,
    email: claims.email,
    locale: claims.locale,
    boxUserId: user.id,
    boxUserName,
    signedInAt: Date.now(),
    idToken: claims.idToken,
  };
}
