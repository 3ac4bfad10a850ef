/**
 * The one redaction service: masks personal data in everything that leaves the conversation or is kept
 * (staff pages and threads, display names, the teach modal, the admin API, logs, the language model, what is
 * stored in Redis): card numbers that pass the Luhn check, IBANs that pass the mod-97 check, e-mail addresses
 * (also written `name (at) host (dot) com`, with a full-width ＠ or an accented domain) and phone numbers
 * (libphonenumber-js, several countries), and secrets and identity numbers the customer names before typing them
 * ("my PIN is 4821", "CVV 987", "SSN …", "mi DNI es …", "date of birth …": core/redact-labelled.ts). `REDACT=off`
 * turns it off for teams that must keep raw text.
 *
 * First the text is normalised: Unicode digits and full-width forms become ASCII (NFKC plus the common native
 * digit blocks), no-break and thin spaces become spaces, Unicode dashes become `-`. Then every pattern runs in
 * linear time: e-mails are found from each `@` outwards with bounded scans, IBANs with a bounded pattern, and
 * cards and phones from runs of digits and separators, windowed over their groups. Checksums and phone shapes
 * keep order numbers, dates and prices readable. Under an adversarial flood of phone-like digits the (bounded)
 * number of library checks runs out and the rest is masked by shape: over-redact, never leak.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { redactLabelled } from './redact-labelled';

export type Redactor = (text: string) => string;

export const noRedaction: Redactor = (text) => text;

/** Countries whose national formats (trunk `0…`, or none) are tried for numbers without `+`. */
const NATIONAL_COUNTRIES: CountryCode[] = ['GB', 'DE', 'FR', 'IT', 'NL', 'BE', 'AT', 'CH', 'IE', 'BR', 'AU', 'ES', 'PT', 'PL', 'SE', 'DK', 'NO'];
/** Library checks per message; past this, phone-shaped runs are masked by shape alone. */
const MAX_PHONE_CHECKS = 300;

const NATIVE_DIGIT_ZEROS = [0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x17e0, 0x1810, 0xff10];
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;
const SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const NATIVE_DIGITS = new RegExp(`[${NATIVE_DIGIT_ZEROS.map((z) => `\\u${z.toString(16).padStart(4, '0')}-\\u${(z + 9).toString(16).padStart(4, '0')}`).join('')}]`, 'g');

/** Digits, spaces, dashes and @ in their plain ASCII form, so one set of patterns sees every way of writing them. */
export function normalizeForRedaction(text: string): string {
  return text
    .split('\u2026') // the ellipsis stays (NFKC would make it `...`), so redacting twice changes nothing: `[card …1111]`
    .map((part) => part.normalize('NFKC'))
    .join('\u2026')
    .replace(INVISIBLE, '')
    .replace(NATIVE_DIGITS, (d) => {
      const code = d.charCodeAt(0);
      const zero = NATIVE_DIGIT_ZEROS.find((z) => code >= z && code <= z + 9)!;
      return String(code - zero);
    })
    .replace(SPACES, ' ')
    .replace(DASHES, '-');
}

// `name (at) host (dot) com`, `name [at] host [dot] com`, `name {at} …`: bounded on every side (linear).
const OBFUSCATED_AT = /[ \t]{0,3}[([{<][ \t]{0,3}(?:at|@)[ \t]{0,3}[)\]}>][ \t]{0,3}/gi;
const OBFUSCATED_DOT = /[ \t]{0,3}[([{<][ \t]{0,3}(?:dot|\.)[ \t]{0,3}[)\]}>][ \t]{0,3}/gi;
// `name at host dot com` (only with a ` dot ` and a TLD-like ending, so "look at this" stays).
const SPELLED_EMAIL = /[\p{L}\p{N}._%+-]{1,64} {1,3}at {1,3}[\p{L}\p{N}-]{1,63}(?: {1,3}dot {1,3}[\p{L}\p{N}-]{1,63}){0,3} {1,3}dot {1,3}(?:com|net|org|edu|gov|info|biz|io|co|me|uk|de|fr|es|it|nl|be|ch|at|se|dk|no|fi|pl|pt|br|au|ca|us|ie|ru|cn)(?![\p{L}\p{N}])/giu;
const SPELLED_HINT = / at .* dot /is;
const LOCAL_CHAR = /[\p{L}\p{N}._%+-]/u;
const DOMAIN_CHAR = /[\p{L}\p{N}.-]/u;

function redactEmails(text: string): string {
  let plain = /[([{<]/.test(text) ? text.replace(OBFUSCATED_AT, '@').replace(OBFUSCATED_DOT, '.') : text;
  if (SPELLED_HINT.test(plain)) plain = plain.replace(SPELLED_EMAIL, '[email]');
  if (!plain.includes('@')) return plain;
  let out = '';
  let copied = 0;
  let at = plain.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > 0 && at - start < 64 && LOCAL_CHAR.test(plain[start - 1])) start--;
    let end = at + 1;
    while (end < plain.length && end - at <= 253 && DOMAIN_CHAR.test(plain[end])) end++;
    while (end > at + 1 && (plain[end - 1] === '.' || plain[end - 1] === '-')) end--; // a sentence's full stop
    const domain = plain.slice(at + 1, end);
    const labels = domain.split('.');
    const tld = labels[labels.length - 1];
    if (start < at && start >= copied && labels.length >= 2 && labels.every((l) => l.length > 0) && /^\p{L}{2,}$/u.test(tld)) {
      out += plain.slice(copied, start) + '[email]';
      copied = end;
    }
    at = plain.indexOf('@', Math.max(at + 1, copied));
  }
  return out + plain.slice(copied);
}

// Two letters, two check digits, then 11-30 letters/digits, grouped by up to two spaces or dashes. Bounded.
const IBAN = /[A-Z]{2}\d{2}(?:[ -]{0,2}[A-Z0-9]){11,30}/gi;

/** The pattern is greedy (it may swallow the next word); the longest prefix that checks out is the IBAN. */
function maskIban(match: string): string {
  for (let end = match.length; end >= 15; end--) {
    const candidate = match.slice(0, end);
    if (/[ -]$/.test(candidate)) continue;
    if (isValidIban(candidate)) return `[IBAN …${lastDigits(candidate, 4)}]${match.slice(end)}`;
  }
  return match;
}

// A run of digits with up to three separators between them (spaces, newlines, dots, slashes, dashes, brackets),
// optionally after `+` or `(`. Each run is one linear scan.
const DIGIT_RUN = /(?:\+|\()?\d(?:[\s./()-]{0,3}\d)*/g;
const DATE_SHAPE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;
const NANP_SHAPE = /^(?:\+?1[ .-]?)?(?:\(\d{3}\)|\d{3}) ?[ .-]? ?\d{3} ?[ .-]? ?\d{4}$/;

interface Group {
  /** Offset of the group's first digit in the run. */
  start: number;
  end: number;
  digits: string;
}

function groupsOf(run: string): Group[] {
  const groups: Group[] = [];
  const pattern = /\d+/g;
  for (let m = pattern.exec(run); m; m = pattern.exec(run)) groups.push({ start: m.index, end: m.index + m[0].length, digits: m[0] });
  return groups;
}

class PhoneBudget {
  used = 0;
}

function isPhone(candidate: string, digits: string, budget: PhoneBudget): boolean {
  if (digits.length < 7 || digits.length > 15 || DATE_SHAPE.test(candidate)) return false;
  const compact = candidate.replace(/[^\d+]/g, '');
  const international = compact.startsWith('+') || compact.startsWith('00');
  if (NANP_SHAPE.test(candidate) && /^(?:1)?[2-9]\d{9}$/.test(digits) && (digits.length === 10 || digits.startsWith('1'))) return true;
  if (!international && !digits.startsWith('0') && !/[\s./()-]/.test(candidate)) return false; // a bare number: an order id
  if (!international && digits.length < 9) return false;
  if (budget.used >= MAX_PHONE_CHECKS) return true; // out of checks: mask by shape rather than leak
  if (international) {
    budget.used += 1;
    const parsed = parsePhoneNumberFromString(compact.startsWith('00') ? `+${compact.slice(2)}` : compact);
    return Boolean(parsed?.isPossible());
  }
  for (const country of NATIONAL_COUNTRIES) {
    budget.used += 1;
    const parsed = parsePhoneNumberFromString(candidate, country);
    if (parsed?.isValid()) return true;
    if (budget.used >= MAX_PHONE_CHECKS) return true;
  }
  return false;
}

/** Cards and phones inside one digit run: windows of whole groups, longest first from each group. */
function redactRun(run: string, budget: PhoneBudget): string {
  const groups = groupsOf(run);
  const total = groups.reduce((n, g) => n + g.digits.length, 0);
  if (total < 7) return run;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < groups.length) {
    let matched = false;
    // Cards: 13-19 digits passing Luhn (a 16-digit run glued in one group included).
    let digits = '';
    let last = i;
    const windows: { j: number; digits: string }[] = [];
    // A card is written in at most 8 groups (4-4-4-4, 4-6-5, pairs); a phone in at most 6.
    for (let j = i; j < groups.length && j - i < 8 && digits.length + groups[j].digits.length <= 19; j++) {
      digits += groups[j].digits;
      windows.push({ j, digits });
      last = j;
    }
    for (let w = windows.length - 1; w >= 0 && !matched; w--) {
      const window = windows[w];
      if (window.digits.length >= 13 && passesLuhn(window.digits)) {
        out += run.slice(copied, groups[i].start) + `[card …${window.digits.slice(-4)}]`;
        copied = groups[window.j].end;
        i = window.j + 1;
        matched = true;
      }
    }
    if (matched) continue;
    // Phones: 7-15 digits in at most 6 groups, with the run's leading + or ( when the window starts the run.
    for (let w = Math.min(windows.length - 1, last - i, 5); w >= 0 && !matched; w--) {
      const window = windows[w];
      if (window.digits.length < 7 || window.digits.length > 15) continue;
      const from = i === 0 ? 0 : groups[i].start;
      const candidate = run.slice(from, groups[window.j].end).replace(/^\((?=\d)(?!\d{3}\))/, '');
      if (isPhone(candidate, window.digits, budget)) {
        out += run.slice(copied, from) + '[phone]';
        copied = groups[window.j].end;
        i = window.j + 1;
        matched = true;
      }
    }
    if (!matched) i += 1;
  }
  return out + run.slice(copied);
}

export function redact(text: string): string {
  if (!text) return text;
  const budget = new PhoneBudget();
  // Labelled values first: "SSN 123-45-6789" is an ID number, not the phone its digits would also pass for.
  return redactEmails(redactLabelled(normalizeForRedaction(text)))
    .replace(IBAN, maskIban)
    .replace(DIGIT_RUN, (run) => redactRun(run, budget));
}

export function passesLuhn(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function isValidIban(candidate: string): boolean {
  const iban = candidate.replace(/[\s-]+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

function lastDigits(text: string, count: number): string {
  return text.replace(/[^A-Za-z0-9]/g, '').slice(-count);
}
