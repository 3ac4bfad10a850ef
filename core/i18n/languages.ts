/**
 * The languages the bot speaks: the ones escalation already understands (core/escalation.ts). A customer in any
 * other language is served in English (FALLBACK_LANGUAGE) and can always ask for a person.
 */
export const SUPPORTED_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'it', 'nl', 'sv', 'zh', 'ru'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const FALLBACK_LANGUAGE: Language = 'en';

const SUPPORTED = new Set<string>(SUPPORTED_LANGUAGES);

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && SUPPORTED.has(value);
}

/** Old or alternative primary subtags that mean one of ours ("zh-Hans", "cmn", "iw" are not ours but these are). */
const ALIASES: Record<string, Language> = { cmn: 'zh', yue: 'zh', wuu: 'zh', zho: 'zh', chi: 'zh', eng: 'en', spa: 'es', fra: 'fr', fre: 'fr', deu: 'de', ger: 'de', por: 'pt', ita: 'it', nld: 'nl', dut: 'nl', swe: 'sv', rus: 'ru' };

/**
 * The supported language a platform's locale hint names, or undefined: `es-MX` → es, `zh-Hans-CN` → zh,
 * `pt_BR` → pt, `EN` → en, `nb-NO` → undefined. Accepts BCP-47 and the underscore form some platforms send.
 */
export function languageOfLocale(locale: string | undefined | null): Language | undefined {
  if (!locale) return undefined;
  const primary = locale.trim().replace(/_/g, '-').split('-')[0].toLowerCase();
  if (isLanguage(primary)) return primary;
  return ALIASES[primary];
}

/**
 * A language's name for a reader of another language, by Intl: `languageName('es', 'en')` = "Spanish",
 * `languageName('es', 'de')` = "Spanisch", `languageName('de', 'de')` = "Deutsch". Falls back to the code.
 */
export function languageName(language: string, inLanguage: Language = FALLBACK_LANGUAGE): string {
  try {
    return new Intl.DisplayNames([inLanguage], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}
