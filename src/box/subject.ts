/**
 * Who the app acts as at Box: the enterprise's service account, or one app user (a person signed
 * in, or BOX_USER_ID). Every cached token and folder is keyed by its subject.
 */
export type Subject = { kind: 'enterprise'; id: string } | { kind: 'user'; id: string };

export const subjectKey = (subject: Subject): string => `${subject.kind}:${subject.id}`;

export const appUserSubject = (userId: string): Subject => ({ kind: 'user', id: userId });
