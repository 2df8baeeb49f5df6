import { metadataValueInvalid } from '../errors';

/**
 * Box Skills cards (`global.boxSkillsCards`): the instance holds `cards`, a list of skill cards
 * of four kinds, as Box's OpenAPI describes them (`KeywordSkillCard`, `TimelineSkillCard`,
 * `TranscriptSkillCard`, `StatusSkillCard`). Content Sidebar's Skills panel shows them.
 */

const CARD_TYPES = ['keyword', 'timeline', 'transcript', 'status'] as const;
const STATUS_CODES = ['invoked', 'processing', 'success', 'transient_failure', 'permanent_failure'];

type Json = Record<string, unknown>;

/** A JSON object (not null, not a list). */
export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The instance's values: `{cards: [...]}` and nothing else. */
export function checkSkillCards(values: Json): void {
  for (const key of Object.keys(values))
    if (key !== 'cards') throw metadataValueInvalid(`Encountered unknown template field key=${key}`);
  const cards = values.cards;
  if (!Array.isArray(cards))
    throw metadataValueInvalid("'cards' is required and must be a list of skill cards");
  cards.forEach((card: unknown, i) => checkCard(card, `cards[${i}]`));
}

function checkCard(card: unknown, name: string): void {
  const invalid = (why: string) => metadataValueInvalid(`Invalid skill card ${name}: ${why}`);
  if (!isObject(card)) throw invalid('a card is an object');
  if (card.type !== 'skill_card') throw invalid("'type' must be 'skill_card'");
  const kind = card.skill_card_type;
  if (!(CARD_TYPES as readonly unknown[]).includes(kind))
    throw invalid(`'skill_card_type' must be one of ${CARD_TYPES.join(', ')}`);
  requireReference(card.skill, 'service', 'skill', invalid);
  requireReference(card.invocation, 'skill_invocation', 'invocation', invalid);
  const title = card.skill_card_title;
  if (title !== undefined && !(isObject(title) && typeof title.message === 'string'))
    throw invalid("'skill_card_title' must be {code?, message}");
  if (kind === 'status') {
    const status = card.status;
    if (!isObject(status) || !STATUS_CODES.includes(status.code as string))
      throw invalid(`'status.code' must be one of ${STATUS_CODES.join(', ')}`);
    return;
  }
  if (!Array.isArray(card.entries) || !card.entries.every(isObject))
    throw invalid("'entries' must be a list of objects");
  if (card.duration !== undefined && !Number.isInteger(card.duration))
    throw invalid("'duration' must be a whole number of seconds");
}

function requireReference(value: unknown, type: string, name: string, invalid: (why: string) => Error) {
  if (!isObject(value) || value.type !== type || typeof value.id !== 'string')
    throw invalid(`'${name}' must be {type: '${type}', id}`);
}
