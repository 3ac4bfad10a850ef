/**
 * Staff-facing words (pages, threads, /handoffs) in the staff's language, default English: the reason labels of
 * handoff/relay.ts REASON_LABELS, the page headings and buttons of adapters/slack/staff.ts, and the new states
 * of issue 11. Plain text; adapters add their own markup. The customer's language is named in the staff's.
 */
import type { HandoffReason } from '../types';
import { t } from './catalogue';
import { formatElapsed } from './format';
import { FALLBACK_LANGUAGE, languageName, type Language } from './languages';

/** Why a page was raised: a HandoffReason, or one of the follow-up reasons of issue 11. */
export type StaffReason = HandoffReason | 'left_message' | 'unhappy_rating';

export function reasonLabel(reason: StaffReason, options: { stars?: number; staffLanguage?: Language } = {}): string {
  return t(options.staffLanguage ?? FALLBACK_LANGUAGE, `staff.reason.${reason}`, { stars: options.stars ?? 0 });
}

/** "Writes in Spanish" (staff in English), "Schreibt auf Spanisch" (staff in German). */
export function customerLanguageLine(customerLanguage: string, staffLanguage: Language = FALLBACK_LANGUAGE): string {
  return t(staffLanguage, 'staff.writesIn', { language: languageName(customerLanguage, staffLanguage) });
}

export function customerLeftQueueLine(customerName: string, staffLanguage: Language = FALLBACK_LANGUAGE): string {
  return t(staffLanguage, 'staff.customerLeftQueueDetail', { name: customerName });
}

export function stillWaitingLine(customerName: string, waitedSeconds: number, staffLanguage: Language = FALLBACK_LANGUAGE): string {
  return t(staffLanguage, 'staff.stillWaiting', { name: customerName, waiting: formatElapsed(staffLanguage, waitedSeconds) });
}

export function openHandoffsLine(count: number, staffLanguage: Language = FALLBACK_LANGUAGE): string {
  return t(staffLanguage, 'staff.openHandoffs', { count });
}
