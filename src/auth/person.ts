/** Someone signed in through the identity provider, and the Box app user they work as. */
export interface Person {
  /** The provider's issuer and subject: who they are, for good (never a name or an e-mail). */
  issuer: string;
  subject: string;
  name: string;
  email?: string;
  /** Their ID token's `locale` claim: the pages' language unless they choose another. */
  locale?: string;
  boxUserId: string;
  boxUserName: string;
  /** Epoch ms: the session ends SESSION_MAX_HOURS after this, however active. */
  signedInAt: number;
  /** For the provider's RP-initiated logout (`id_token_hint`). */
  idToken?: string;
}

/** A sign-in on its way through the provider: what the callback must find again. */
export interface PendingLogin {
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** Epoch ms: a pending sign-in older than 10 minutes is refused. */
  startedAt: number;
}

declare module 'express-session' {
  interface SessionData {
    person?: Person;
    /** By `state`: two tabs may sign in at once. */
    pendingLogins?: Record<string, PendingLogin>;
  }
}

/** The value Box's `external_app_user_id` carries for a person: issuer and subject. */
export const externalIdOf = (issuer: string, subject: string): string => `${issuer}|${subject}`;
