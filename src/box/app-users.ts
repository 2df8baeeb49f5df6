import type { BoxClient } from 'box-node-sdk';
import type { Flights } from './flights';

/** A person's Box app user. */
export interface AppUser {
  id: string;
  name: string;
}

/** Box refuses longer user names. */
const MAX_NAME_LENGTH = 50;

/**
 * One Box app user per person, found by `external_app_user_id` (the identity provider's issuer and
 * subject: never a name or an e-mail, which people share and change). Box does not make that value
 * unique, so the app does: finding-or-creating is single-flight per person (across instances when
 * the flights are Redis's), and should two users ever carry the same value, the oldest wins.
 */
export class AppUsers {
  constructor(
    /** The service account's client: only it may list and create users. */
    private readonly service: () => BoxClient,
    private readonly flights: Flights,
  ) {}

  findOrCreate(externalId: string, displayName: string): Promise<AppUser & { created: boolean }> {
    const name = userName(displayName);
    return this.flights.run<AppUser & { created: boolean }>(`app-user:${externalId}`, {
      lookup: async () => {
        const found = await this.find(externalId);
        return found && { ...found, created: false };
      },
      produce: async () => {
        const user = await this.service().users.createUser({
          name,
          isPlatformAccessOnly: true,
          externalAppUserId: externalId,
        });
        return { id: user.id, name: user.name ?? name, created: true };
      },
    });
  }

  /** The app user carrying exactly this external id (the oldest, if Box holds several). */
  async find(externalId: string): Promise<AppUser | undefined> {
    const page = await this.service().users.getUsers({
      externalAppUserId: externalId,
      fields: ['id', 'name', 'external_app_user_id'],
      limit: 100,
    });
    const matches = (page.entries ?? []).filter((u) => u.externalAppUserId === externalId);
    matches.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const oldest = matches[0];
    return oldest && { id: oldest.id, name: oldest.name ?? '' };
  }

  /** Keep the app user's name as the person's provider says it is now. */
  async rename(userId: string, displayName: string): Promise<void> {
    await this.service().users.updateUserById(userId, { requestBody: { name: userName(displayName) } });
  }
}

/** A name Box accepts: trimmed, at most 50 characters, never empty. */
export function userName(displayName: string): string {
  const trimmed = [...displayName.trim()].slice(0, MAX_NAME_LENGTH).join('').trim();
  return trimmed || 'App user';
}
