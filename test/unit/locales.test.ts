import { boxLocaleFor, canonical, pageLocale } from '../../src/i18n/locales';

/** box-ui-elements 26.3.0's locales (its i18n/*.properties, without en-x-pseudo). */
const BOX = [
  'bn-IN',
  'da-DK',
  'de-DE',
  'en-AU',
  'en-CA',
  'en-GB',
  'en-US',
  'es-419',
  'es-ES',
  'fi-FI',
  'fr-CA',
  'fr-FR',
  'hi-IN',
  'it-IT',
  'ja-JP',
  'ko-KR',
  'nb-NO',
  'nl-NL',
  'pl-PL',
  'pt-BR',
  'ru-RU',
  'sv-SE',
  'tr-TR',
  'zh-CN',
  'zh-TW',
];

describe("a page's locale", () => {
  test('the menu choice wins over the claim, the claim over Accept-Language', () => {
    const all = { chosen: 'fr-FR', claim: 'ja-JP', accepted: ['de-DE'] };
    expect(pageLocale(all, BOX)).toMatchObject({ requested: 'fr-FR', language: 'fr', elements: 'fr-FR' });
    expect(pageLocale({ ...all, chosen: undefined }, BOX)).toMatchObject({
      requested: 'ja-JP',
      language: 'ja',
    });
    expect(pageLocale({ accepted: ['de-DE'] }, BOX)).toMatchObject({ requested: 'de-DE', language: 'de' });
    expect(pageLocale({}, BOX)).toEqual({
      requested: 'en-US',
      language: 'en',
      htmlLang: 'en-US',
      elements: 'en-US',
    });
  });

  test('what nobody speaks is skipped: the next source, then en-US', () => {
    expect(
      pageLocale({ chosen: 'xx-YY', claim: 'not a locale!', accepted: ['tlh', 'es'] }, BOX),
    ).toMatchObject({
      requested: 'es',
      language: 'es',
      elements: 'es-ES',
    });
    expect(pageLocale({ accepted: ['tlh', '*'] }, BOX).requested).toBe('en-US');
  });

  test("a language only Box speaks: the elements in it, the app's text (and <html lang>) in English", () => {
    expect(pageLocale({ accepted: ['it-IT'] }, BOX)).toEqual({
      requested: 'it-IT',
      language: 'en',
      htmlLang: 'en-US',
      elements: 'it-IT',
    });
  });

  test("a region Box does not have keeps the app's text in it and the elements in Box's nearest", () => {
    expect(pageLocale({ accepted: ['de-AT'] }, BOX)).toEqual({
      requested: 'de-AT',
      language: 'de',
      htmlLang: 'de-AT',
      elements: 'de-DE',
    });
  });
});

describe("Box's fallbacks", () => {
  test.each([
    ['de', 'de-DE'],
    ['de-CH', 'de-DE'],
    ['en', 'en-US'],
    ['en-gb', 'en-GB'],
    ['fr-CA', 'fr-CA'],
    ['fr-BE', 'fr-FR'],
    ['es', 'es-ES'],
    ['es-MX', 'es-419'],
    ['es-419', 'es-419'],
    ['pt-PT', 'pt-BR'],
    ['zh', 'zh-CN'],
    ['zh-Hant', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['ja', 'ja-JP'],
  ])('%s → %s', (tag, box) => {
    expect(boxLocaleFor(canonical(tag)!, BOX)).toBe(box);
  });

  test('a language Box does not have: none (the page then uses en-US)', () => {
    expect(boxLocaleFor('tlh', BOX)).toBeUndefined();
    expect(pageLocale({ accepted: ['uk-UA'] }, BOX).elements).toBe('en-US');
  });

  test('tags are canonicalised; garbage is not a tag', () => {
    expect(canonical('DE-at')).toBe('de-AT');
    expect(canonical('en_US')).toBeUndefined();
    expect(canonical('x'.repeat(40))).toBeUndefined();
    expect(canonical('')).toBeUndefined();
  });
});
