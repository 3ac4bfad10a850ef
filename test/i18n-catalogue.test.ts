/**
 * The message catalogue (core/i18n): complete in every supported language, same placeholders everywhere,
 * every message formats, and plurals, durations, times and lists come out in the customer's language.
 */
import { CATALOGUE, MESSAGE_KEYS, messagePlaceholders, t, type MessageKey } from '../core/i18n/catalogue';
import { formatBackAt, formatDuration, formatList, joinSentences } from '../core/i18n/format';
import { languageName, languageOfLocale, SUPPORTED_LANGUAGES } from '../core/i18n/languages';

/** A value for every placeholder any message uses, so each message can be formatted in each language. */
const SAMPLE_VALUES = {
  topics: 'payments and refunds', shop: 'Lumo', backAt: 'tomorrow at 9:00', position: 2, duration: '3 minutes',
  dayKind: 'weekday', weekday: 'Friday', date: '27 November', time: '9:00', zone: 'CET', name: 'Alex', text: 'Hello',
  stars: 2, platform: 'telegram', language: 'Spanish', waiting: '12 minutes', count: 3,
};

describe('message catalogue', () => {
  it('has the ten languages escalation understands', () => {
    expect(Object.keys(CATALOGUE).sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'nl', 'pt', 'ru', 'sv', 'zh']);
    expect([...SUPPORTED_LANGUAGES].sort()).toEqual(Object.keys(CATALOGUE).sort());
  });

  it.each(SUPPORTED_LANGUAGES.filter((l) => l !== 'en'))('%s has every key, no others, none empty', (language) => {
    const messages = CATALOGUE[language] as Record<string, string>;
    expect(MESSAGE_KEYS.filter((key) => !(key in messages))).toEqual([]);
    expect(Object.keys(messages).filter((key) => !(MESSAGE_KEYS as string[]).includes(key))).toEqual([]);
    expect(MESSAGE_KEYS.filter((key) => messages[key].trim() === '')).toEqual([]);
  });

  it('reads placeholders the way the test expects (pins the parser AST kinds)', () => {
    expect(messagePlaceholders('en', 'queue.position')).toEqual(['position:argument']);
    expect(messagePlaceholders('en', 'staff.openHandoffs')).toEqual(['count:plural']);
    expect(messagePlaceholders('en', 'time.backAt')).toEqual([
      'date:argument', 'dayKind:select(other|today|tomorrow|weekday)', 'time:argument', 'weekday:argument', 'zone:argument',
    ]);
  });

  it.each(SUPPORTED_LANGUAGES.filter((l) => l !== 'en'))('%s uses the same placeholders as English in every message', (language) => {
    const different = MESSAGE_KEYS.filter((key) => messagePlaceholders(language, key).join() !== messagePlaceholders('en', key).join())
      .map((key) => `${key}: ${messagePlaceholders(language, key).join(', ')} ≠ en ${messagePlaceholders('en', key).join(', ')}`);
    expect(different).toEqual([]);
  });

  it.each(SUPPORTED_LANGUAGES)('%s formats every message, with no placeholder left over', (language) => {
    for (const key of MESSAGE_KEYS) {
      const text = t(language, key, SAMPLE_VALUES);
      expect(text).not.toMatch(/[{}]/);
      expect(text.trim()).not.toBe('');
    }
  });

  it.each(SUPPORTED_LANGUAGES.filter((l) => l !== 'en'))('%s is translated, not English copied over', (language) => {
    const untranslated = MESSAGE_KEYS.filter((key) => CATALOGUE.en[key].length > 24 && CATALOGUE[language][key] === CATALOGUE.en[key]);
    expect(untranslated).toEqual([]);
  });

  it('fails loudly when a value is missing, and reads English for an unknown language', () => {
    expect(() => t('en', 'queue.position')).toThrow();
    expect(t('xx', 'choice.talkToPerson')).toBe('Talk to a person');
  });

  it('plurals follow each language’s rules', () => {
    const stars = (language: (typeof SUPPORTED_LANGUAGES)[number], n: number) => t(language, 'staff.reason.unhappy_rating', { stars: n });
    expect(stars('en', 1)).toBe('customer unhappy: rated 1 star');
    expect(stars('en', 2)).toBe('customer unhappy: rated 2 stars');
    expect(stars('ru', 1)).toContain('1 звезда');
    expect(stars('ru', 2)).toContain('2 звезды');
    expect(stars('ru', 5)).toContain('5 звёзд');
    expect(t('en', 'staff.openHandoffs', { count: 0 })).toBe('Nobody is waiting for a person.');
    expect(t('de', 'staff.openHandoffs', { count: 1 })).toBe('1 offene Übergabe');
    expect(t('ru', 'staff.openHandoffs', { count: 22 })).toBe('22 открытых обращения');
  });
});

describe('Intl formatting in the customer’s language', () => {
  it('durations: same thresholds as core/replies.ts, units and plurals by Intl', () => {
    expect(formatDuration('en', 20)).toBe('under a minute');
    expect(formatDuration('en', 60)).toBe('about 1 minute');
    expect(formatDuration('en', 190)).toBe('about 3 minutes');
    expect(formatDuration('en', 5400)).toBe('about 1.5 hours');
    expect(formatDuration('de', 190)).toBe('etwa 3 Minuten');
    expect(formatDuration('es', 5400)).toBe('aproximadamente 1,5 horas');
    expect(formatDuration('ru', 300)).toBe('примерно 5 минут');
    expect(formatDuration('ru', 120)).toBe('примерно 2 минуты');
    expect(formatDuration('zh', 190)).toBe('约3分钟');
  });

  // Friday 27 November 2026; the team is in Europe/Paris (UTC+1 in winter). Now is Wednesday 25th, 23:30 in Paris.
  const now = new Date('2026-11-25T22:30:00Z');
  const paris = { timeZone: 'Europe/Paris', now };

  it('opening times are in the configured zone, not UTC, with today / tomorrow / weekday / date', () => {
    expect(formatBackAt('en', new Date('2026-11-26T08:00:00Z'), paris)).toBe('tomorrow at 9:00 AM (Central European Time)');
    expect(formatBackAt('en', new Date('2026-11-27T08:00:00Z'), paris)).toBe('on Friday at 9:00 AM (Central European Time)');
    expect(formatBackAt('en', new Date('2026-12-07T08:00:00Z'), paris)).toBe('on December 7 at 9:00 AM (Central European Time)');
    expect(formatBackAt('en', new Date('2026-11-25T22:45:00Z'), paris)).toBe('today at 11:45 PM (Central European Time)');
    // Midnight UTC is already "tomorrow" in Paris: days are counted on the configured wall clock.
    expect(formatBackAt('en', new Date('2026-11-26T00:30:00Z'), { timeZone: 'Europe/Paris', now: new Date('2026-11-25T23:30:00Z') })).toMatch(/^today at 1:30 AM/);
    expect(formatBackAt('en', new Date('2026-11-26T08:00:00Z'), { now })).toBe('tomorrow at 8:00 AM (UTC)');
  });

  it('opening times read naturally in every language', () => {
    const friday = new Date('2026-11-27T08:00:00Z');
    expect(formatBackAt('es', friday, paris)).toBe('el viernes a las 9:00 (hora de Europa central)');
    expect(formatBackAt('de', friday, paris)).toBe('am Freitag um 9:00 (Mitteleuropäische Zeit)');
    expect(formatBackAt('fr', friday, paris)).toBe('vendredi à 9:00 (heure d’Europe centrale)');
    expect(formatBackAt('ru', friday, paris)).toBe('пятница, 9:00 (Центральная Европа)');
    expect(formatBackAt('zh', friday, paris)).toBe('星期五 9:00（中欧时间）');
    for (const language of SUPPORTED_LANGUAGES) expect(formatBackAt(language, friday, { timeZone: 'America/New_York', now })).toMatch(/3:00|03:00|3.00/);
  });

  it('lists, language names and sentence joining', () => {
    expect(formatList('en', ['payments', 'refunds', 'delivery'])).toBe('payments, refunds, and delivery');
    expect(formatList('es', ['pagos', 'reembolsos', 'envíos'])).toBe('pagos, reembolsos y envíos');
    expect(formatList('zh', ['付款', '退款'])).toBe('付款和退款');
    expect(languageName('es', 'en')).toBe('Spanish');
    expect(languageName('zh', 'de')).toBe('Chinesisch');
    expect(joinSentences('en', ['One.', '', 'Two.'])).toBe('One. Two.');
    expect(joinSentences('zh', ['一。', '二。'])).toBe('一。二。');
  });

  it('maps platform locale hints to a supported language', () => {
    expect(languageOfLocale('es-MX')).toBe('es');
    expect(languageOfLocale('zh-Hans')).toBe('zh');
    expect(languageOfLocale('zh-Hant-TW')).toBe('zh');
    expect(languageOfLocale('pt_BR')).toBe('pt');
    expect(languageOfLocale('EN-gb')).toBe('en');
    expect(languageOfLocale('nb-NO')).toBeUndefined();
    expect(languageOfLocale('')).toBeUndefined();
    expect(languageOfLocale(undefined)).toBeUndefined();
  });
});

// Keys are typed: a typo is a compile error (`t('en', 'queue.postion')` does not build).
const _typed: MessageKey = 'queue.position';
void _typed;
