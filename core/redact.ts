/**
 * Masks personal data in everything posted to staff channels (Slack keeps messages, and staff channels are
 * wide): card numbers that pass the Luhn check, IBANs that pass the mod-97 check, e-mail addresses and phone
 * numbers. Checksums keep order numbers and amounts readable. The customer's own view is never redacted.
 */

export type Redactor = (text: string) => string;

export const noRedaction: Redactor = (text) => text;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// Two letters, two check digits, then 11-30 letters/digits, optionally grouped by spaces.
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/gi;
// 13-19 digits, optionally grouped by spaces or dashes.
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
// A leading +, 0 or ( and 9-15 digits in all, optionally grouped by spaces, dots, dashes or brackets.
const PHONE = /(?:\+|\b0|\()[\d ().-]{7,20}\d\b/g;

export function redact(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(IBAN, maskIban)
    .replace(CARD, (match) => (passesLuhn(digitsOf(match)) ? `[card …${lastDigits(match, 4)}]` : match))
    .replace(PHONE, (match) => {
      const count = digitsOf(match).length;
      return count >= 9 && count <= 15 ? '[phone]' : match;
    });
}

/** The pattern is greedy (it may swallow the next word); the longest prefix that checks out is the IBAN. */
function maskIban(match: string): string {
  for (let end = match.length; end >= 15; end--) {
    const candidate = match.slice(0, end);
    if (end < match.length && match[end] !== ' ') continue; // cut only between groups or words
    if (isValidIban(candidate)) return `[IBAN …${lastDigits(candidate, 4)}]${match.slice(end)}`;
  }
  return match;
}

export function passesLuhn(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function isValidIban(candidate: string): boolean {
  const iban = candidate.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

function lastDigits(text: string, count: number): string {
  return text.replace(/[^A-Za-z0-9]/g, '').slice(-count);
}
