/**
 * Numbers, durations, times, day names and lists in the customer's language, by `Intl` (Node ships full ICU).
 * The catalogue holds the words around them ("about {duration}", "back {backAt}"); these fill the values in.
 */
import { t } from './catalogue';
import type { Language } from './languages';

/** "under a minute", "about 3 minutes", "about 1.5 hours": same thresholds as core/replies.ts formatDuration. */
export function formatDuration(language: Language, seconds: number): string {
  if (seconds < 60) return t(language, 'duration.underMinute');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t(language, 'duration.about', { duration: formatUnit(language, minutes, 'minute') });
  const hours = Math.round(minutes / 6) / 10;
  return t(language, 'duration.about', { duration: formatUnit(language, hours, 'hour') });
}

/** A plain amount of time with its unit's word, e.g. "3 minutes", "3 Minuten", "3 минуты", "3分钟". */
export function formatUnit(language: Language, value: number, unit: 'second' | 'minute' | 'hour' | 'day'): string {
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 1 }).format(value);
}

/** How long someone has waited, for staff: "12 minutes", "1.5 hours". */
export function formatElapsed(language: Language, seconds: number): string {
  if (seconds < 60) return formatUnit(language, Math.max(0, Math.round(seconds)), 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return formatUnit(language, minutes, 'minute');
  return formatUnit(language, Math.round(minutes / 6) / 10, 'hour');
}

/** "payments, refunds and delivery" / "pagos, reembolsos y envíos" / "付款、退款和配送". */
export function formatList(language: Language, items: string[]): string {
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);
}

export interface BackAtOptions {
  /** IANA zone the business hours are configured in, e.g. "Europe/Paris". Default UTC. */
  timeZone?: string;
  /** "Now", for today/tomorrow; default the current time. */
  now?: Date;
}

/**
 * When staff are back, in the configured zone and the customer's language: "tomorrow at 9:00 AM (Central
 * European Time)", "el viernes a las 9:00 (hora de Europa central)", "am 27. November um 9:00 (…)".
 * Today/tomorrow are counted in the configured zone, a weekday is named within the next 6 days, a date after.
 */
export function formatBackAt(language: Language, at: Date, options: BackAtOptions = {}): string {
  const timeZone = options.timeZone ?? 'UTC';
  const now = options.now ?? new Date();
  const days = calendarDaysBetween(now, at, timeZone);
  const dayKind = days <= 0 ? 'today' : days === 1 ? 'tomorrow' : days < 7 ? 'weekday' : 'date';
  const format = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(language, { timeZone, ...o }).format(at);
  return t(language, 'time.backAt', {
    dayKind,
    weekday: format({ weekday: 'long' }),
    date: format({ day: 'numeric', month: 'long' }),
    time: format({ hour: 'numeric', minute: '2-digit' }),
    zone: zoneName(language, at, timeZone),
  });
}

/** The zone's generic name in the language ("Central European Time", "hora de Europa central"); UTC stays "UTC". */
export function zoneName(language: Language, at: Date, timeZone: string): string {
  if (/^(utc|etc\/utc|gmt|etc\/gmt)$/i.test(timeZone)) return 'UTC';
  const part = new Intl.DateTimeFormat(language, { timeZone, timeZoneName: 'longGeneric' }).formatToParts(at).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** Whole calendar days from `from` to `to` as dates on a wall clock in `timeZone` (0 = same day). */
function calendarDaysBetween(from: Date, to: Date, timeZone: string): number {
  const ymd = (d: Date) => {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
    return Date.parse(`${parts}T00:00:00Z`);
  };
  return Math.round((ymd(to) - ymd(from)) / 86_400_000);
}

/** Sentences one after another: with a space, except in Chinese, which does not separate them. */
export function joinSentences(language: Language, sentences: string[]): string {
  return sentences.filter((s) => s !== '').join(language === 'zh' ? '' : ' ');
}
