import type { BoxClient } from 'box-node-sdk';
import { KeywordSkillCard, type SkillCard } from 'box-node-sdk/schemas';
import { apiError, useSandbox } from './support/sandbox';

/**
 * Box Skills cards through box-node-sdk's `skills` manager: the file's `global.boxSkillsCards`
 * instance made, read, changed with a JSON-Patch and removed (the calls of the SDK's own skills
 * test), and `PUT /skill_invocations/:skill_id`, with which a skill sets every card of a file at
 * once.
 */

const fixture = useSandbox();
let client: BoxClient;

beforeAll(() => {
  ({ client } = fixture);
});

const keywordCard = (message: string, ...keywords: string[]) =>
  new KeywordSkillCard({
    type: 'skill_card',
    skillCardType: 'keyword',
    skillCardTitle: { code: 'license-plates', message },
    skill: { type: 'service', id: 'plates-skill' },
    invocation: { type: 'skill_invocation', id: 'run-1' },
    entries: keywords.map((text) => ({ text })),
  });

/** A card as Box's JSON writes it. */
const keywordJson = (message: string, ...keywords: string[]) => ({
  type: 'skill_card',
  skill_card_type: 'keyword',
  skill_card_title: { code: 'license-plates', message },
  skill: { type: 'service', id: 'plates-skill' },
  invocation: { type: 'skill_invocation', id: 'run-1' },
  entries: keywords.map((text) => ({ text })),
});

const newFile = async (name: string) => (await fixture.upload(name, '0', name)).id;

describe('the skills manager: global.boxSkillsCards on a file', () => {
  test('created, a card replaced, read, deleted', async () => {
    const fileId = await newFile('plates.jpg');
    const created = await client.skills.createBoxSkillCardsOnFile(fileId, {
      cards: [keywordCard('License Plates', 'DN86 BOX')],
    });
    expect(created).toMatchObject({ template: 'boxSkillsCards', scope: 'global', version: 0 });
    const card = created.cards![0] as KeywordSkillCard;
    expect(card.skill.id).toBe('plates-skill');
    expect(card.skillCardTitle?.message).toBe('License Plates');

    const cards: SkillCard[] = [keywordCard('Updated License Plates', 'DN86 BOX')];
    const updated = await client.skills.updateBoxSkillCardsOnFile(fileId, [
      { op: 'replace', path: '/cards/0', value: cards[0] },
    ]);
    expect((updated.cards![0] as KeywordSkillCard).skillCardTitle?.message).toBe('Updated License Plates');
    expect(updated.version).toBe(1);

    const read = await client.skills.getBoxSkillCardsOnFile(fileId);
    expect((read.cards![0] as KeywordSkillCard).skill.id).toBe('plates-skill');

    await client.skills.deleteBoxSkillCardsFromFile(fileId);
    const gone = await apiError(client.skills.getBoxSkillCardsOnFile(fileId));
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('instance_not_found');
  });

  // Box's Skills guide: cards already on the file answer 409; a skill changes them with PUT.
  test('cards on a file that has them already: 409', async () => {
    const fileId = await newFile('twice.jpg');
    await client.skills.createBoxSkillCardsOnFile(fileId, { cards: [keywordCard('First', 'a')] });
    const again = await apiError(
      client.skills.createBoxSkillCardsOnFile(fileId, { cards: [keywordCard('Second', 'b')] }),
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('tuple_already_exists');
  });
});

describe('PUT /skill_invocations/:skill_id', () => {
  const invocation = (fileId: string, cards: unknown[], extra: Record<string, unknown> = {}) => ({
    status: 'success',
    metadata: { cards },
    file: { type: 'file', id: fileId },
    ...extra,
  });

  test('sets the cards of a file that has none: 200 with no body', async () => {
    const fileId = await newFile('invoked.mp3');
    const answer = await fixture.raw(
      'PUT',
      '/2.0/skill_invocations/plates-skill',
      invocation(fileId, [keywordJson('Plates', 'AB12 CDE')], { usage: { unit: 'file', value: 1 } }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({});
    const cards = await client.skills.getBoxSkillCardsOnFile(fileId);
    expect(cards.version).toBe(0);
    expect((cards.cards![0] as KeywordSkillCard).entries).toEqual([{ text: 'AB12 CDE' }]);
  });

  test('replaces every card of a file that has some, through the SDK', async () => {
    const fileId = await newFile('again.mp3');
    await client.skills.createBoxSkillCardsOnFile(fileId, {
      cards: [keywordCard('Old', 'one'), keywordCard('Older', 'two')],
    });
    const file = await client.files.getFileById(fileId, { queryParams: { fields: ['file_version'] } });
    await client.skills.updateAllSkillCardsOnFile('plates-skill', {
      status: 'success',
      metadata: { cards: [keywordCard('New', 'three')] },
      file: { type: 'file', id: fileId },
      fileVersion: { type: 'file_version', id: file.fileVersion!.id },
    });
    const cards = await client.skills.getBoxSkillCardsOnFile(fileId);
    expect(cards.version).toBe(1);
    expect(cards.cards!.map((c) => (c as KeywordSkillCard).skillCardTitle?.message)).toEqual(['New']);
  });

  test('Box’s refusals: a body it does not take is 400 schema_validation_failed', async () => {
    const fileId = await newFile('refused.mp3');
    const card = keywordJson('Plates', 'x');
    for (const body of [
      invocation(fileId, [card], { status: 'done' }),
      { status: 'success', metadata: { cards: [card] } },
      invocation(fileId, [card], { file: { type: 'folder', id: fileId } }),
      { status: 'success', file: { type: 'file', id: fileId } },
      invocation(fileId, [{ ...card, skill_card_type: 'poem' }]),
      invocation(fileId, [card], { usage: 'lots' }),
    ]) {
      const answer = await fixture.raw('PUT', '/2.0/skill_invocations/plates-skill', body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('schema_validation_failed');
    }
    // Nothing was written.
    expect((await apiError(client.skills.getBoxSkillCardsOnFile(fileId))).status).toBe(404);
  });

  test('a file the caller cannot see, or a version of another file: 404; a reading token: 403', async () => {
    const fileId = await newFile('guarded.mp3');
    const card = keywordJson('Plates', 'x');
    const missing = await fixture.raw('PUT', '/2.0/skill_invocations/s', invocation('999999999999', [card]));
    expect(missing.status).toBe(404);
    const other = await client.files.getFileById(await newFile('other.mp3'), {
      queryParams: { fields: ['file_version'] },
    });
    const wrongVersion = await fixture.raw(
      'PUT',
      '/2.0/skill_invocations/s',
      invocation(fileId, [card], { file_version: { type: 'file_version', id: other.fileVersion!.id } }),
    );
    expect(wrongVersion.status).toBe(404);
    const { token } = await fixture.downscope(['base_preview'], { file: fileId });
    const reader = await fixture.raw('PUT', '/2.0/skill_invocations/s', invocation(fileId, [card]), token);
    expect(reader.status).toBe(403);
    expect(reader.body.code).toBe('insufficient_scope');
    const { token: uploader } = await fixture.downscope(['base_preview', 'item_upload'], { file: fileId });
    const allowed = await fixture.raw(
      'PUT',
      '/2.0/skill_invocations/s',
      invocation(fileId, [card]),
      uploader,
    );
    expect(allowed.status).toBe(200);
  });
});
