/**
 * The bot's languages, in one import for the conversation flow:
 *
 *   const language = nextConversationLanguage(state.language, message.text, message.locale);   // sticky
 *   send(replies.handoffReply(language, reason, ticket, { timeZone: config.businessHoursZone }));
 *   t(language, 'waiting.stillComing');                                                          // any string
 *   if (!coversLanguage(kb, language)) send(replies.noKnowledgeInLanguageReply(language));      // ../knowledge-base
 *
 * `replies` mirrors core/replies.ts function by function with `language` first; `staff` holds the staff-facing
 * labels; `phrases` reads "never mind", "no" and emoji reactions in every supported language.
 */
export { t, messagePlaceholders, CATALOGUE, MESSAGE_KEYS, type MessageKey, type MessageValues, type Messages } from './catalogue';
export { SUPPORTED_LANGUAGES, FALLBACK_LANGUAGE, isLanguage, languageOfLocale, languageName, type Language } from './languages';
export { formatBackAt, formatDuration, formatElapsed, formatList, formatUnit, joinSentences, zoneName, type BackAtOptions } from './format';
export { detectLanguage, decideConversationLanguage, nextConversationLanguage, SWITCH_MIN_WORDS, type LanguageDecision, type LanguageGuess } from './detect-language';
export { emojiReaction, isNeverMind, isNo } from './phrases';
export * as replies from '../replies';
export * as staff from './staff';
