/** Someone the development identity provider can sign in. */
export interface DevPerson {
  /** The `sub` claim: stable, as a real provider's subject is. */
  id: string;
  name: string;
  email: string;
  /** The `locale` claim, when the person has one: the app's pages speak it unless they choose another. */
  locale?: string;
}

/** The three people on the sign-in page of `npm start`. */
export const DEMO_PEOPLE: readonly DevPerson[] = [
  { id: 'ada-lovelace', name: 'Ada Lovelace', email: 'ada@example.com', locale: 'en-US' },
  { id: 'grace-hopper', name: 'Grace Hopper', email: 'grace@example.com', locale: 'en-US' },
  { id: 'alan-turing', name: 'Alan Turing', email: 'alan@example.com', locale: 'en-GB' },
];

/** The demo people, then `extra` numbered test people (DEV_IDP_EXTRA_PEOPLE) for tests and benchmarks. */
export function devPeople(extra: number): DevPerson[] {
  const more = Array.from({ length: extra }, (_, i) => ({
    id: `test-person-${i + 1}`,
    name: `Test Person ${i + 1}`,
    email: `test-person-${i + 1}@example.com`,
  }));
  return [...DEMO_PEOPLE, ...more];
}
