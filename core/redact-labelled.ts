/**
 * Secrets and identity numbers a customer names before typing them: "my PIN is 4821", "CVV: 987", "the code you
 * sent is 482913", "mein Passwort ist Sommer2024", "SSN 123456789", "mi DNI es 12345678Z", "身份证号 1101…",
 * "date of birth 14/03/1985". No checksum tells these from an order number or a price, but the customer's own
 * label does: the value after a label (within a few short words: "the security code on the back is 456") is
 * masked by its kind, "my PIN is [PIN]", and a number nobody labelled stays readable for staff.
 *
 * Labels are listed per kind in the ten supported languages. Values must look like their kind (a PIN or a code
 * is 3–8 digits, an ID has at least 4 digits, a date is a date); a password must contain a digit or a symbol,
 * or follow a colon, `=` or a quote, so "my password is not working" stays as written. Linear: one pass over
 * the words for where a label may start, then a bounded look at the few words after each label.
 */

type Kind = 'password' | 'pin' | 'security_code' | 'one_time_code' | 'id_number' | 'account_number' | 'date_of_birth' | 'bare_code';

const MASK: Record<Kind, string> = {
  password: '[password]',
  pin: '[PIN]',
  security_code: '[security code]',
  one_time_code: '[one-time code]',
  id_number: '[ID number]',
  account_number: '[account number]',
  date_of_birth: '[date of birth]',
  bare_code: '[one-time code]',
};

/**
 * What customers call each kind, as regular-expression fragments (lower case; matched without case). A shorter
 * label that matches first ("pin" before "pin code") still finds its value: the rest is read as filler words.
 */
const LABELS: Record<Kind, string[]> = {
  password: [
    'passwords?', 'passcode', 'passwd', 'pwd', 'pw', 'contraseñas?', 'contrasenas?', 'clave', 'mot de passe', 'mdp', 'passwort', 'kennwort',
    'senha', 'palavra-passe', 'wachtwoord', 'lösenord', 'losenord', '密码', '口令', 'парол[ьяеюи]\\p{L}{0,2}',
  ],
  pin: [
    'pins?', 'pin code', 'pin-code', 'pincode', 'pin-nummer', 'pinnummer', 'code pin', 'código pin', 'codice pin', 'pinkod', 'pin-kod',
    'pin码', 'пин', 'пин-код', 'пинкод',
  ],
  security_code: [
    'cvv2?', 'cvc2?', 'csc', 'security code', 'card security code', 'card verification code', 'card verification value', 'código de seguridad',
    'cryptogramme(?: visuel)?', 'code de sécurité', 'prüfnummer', 'kartenprüfnummer', 'sicherheitscode', 'codice di sicurezza', 'código de segurança',
    'beveiligingscode', 'säkerhetskod', 'kontrollsiffror', '安全码', 'код безопасности', 'cvv-код', 'cvc-код',
  ],
  one_time_code: [
    'otp', 'one[- ]time (?:pass)?code', 'one[- ]time password', 'verification code', 'confirmation code', '2fa code', 'two[- ]factor code',
    'auth(?:entication)? code', 'login code', 'sms code', 'text code', 'código de verificación', 'código de confirmación', 'código sms',
    'code de vérification', 'code de confirmation', 'code sms', 'bestätigungscode', 'verifizierungscode', 'sms-code', 'tan', 'mtan', 'einmalcode',
    'codice di verifica', 'codice otp', 'codice di conferma', 'código de verificação', 'código de confirmação', 'verificatiecode',
    'bevestigingscode', 'verifieringskod', 'engångskod', 'bekräftelsekod', '验证码', '校验码', '动态码', 'код подтверждения', 'код из смс',
    'смс-код', 'одноразовый код', 'код верификации',
  ],
  id_number: [
    'ssn', 'social security(?: number)?', 'social insurance number', 'national insurance(?: number)?', 'ni number', 'nino', 'passport(?: number)?',
    'id number', 'id card(?: number)?', 'identity card(?: number)?', 'national id', "driver'?s licen[cs]e(?: number)?", 'tax id', 'itin',
    'dni', 'nie', 'nif', 'nss', 'número de la seguridad social', 'pasaporte', 'cédula', 'documento de identidad', 'numéro de sécurité sociale',
    'nir', 'passeport', "carte d'identité", 'numéro fiscal', 'personalausweis\\p{L}{0,6}', 'ausweisnummer', 'reisepass\\p{L}{0,6}',
    'steuer-?id', 'steueridentifikationsnummer', 'sozialversicherungsnummer', 'codice fiscale', "carta d'identità", 'passaporto', 'cpf',
    'rg', 'cartão de cidadão', 'passaporte', 'bsn', 'burgerservicenummer', 'paspoort\\p{L}{0,6}', 'personnummer', 'samordningsnummer',
    'passnummer', '身份证\\p{sc=Han}{0,2}', '护照\\p{sc=Han}{0,2}', '社保号', 'инн', 'снилс', 'паспорт\\p{L}{0,2}',
  ],
  account_number: [
    'account number', 'account no', 'acct(?: no| number)?', 'bank account', 'sort code', 'routing number', 'bsb', 'número de cuenta',
    'numéro de compte', 'kontonummer', 'bankleitzahl', 'blz', 'numero di conto', 'número da conta', 'rekeningnummer', 'clearingnummer',
    '银行账号', '账号', 'номер сч[её]та', 'расч[её]тный сч[её]т',
  ],
  date_of_birth: [
    'date of birth', 'dob', 'd\\.o\\.b\\.?', 'birth ?date', 'born on', 'born', 'fecha de nacimiento', 'nacid[oa] el', 'date de naissance', 'née le', 'né le',
    'geburtsdatum', 'geboren am', 'data di nascita', 'nat[oa] il', 'data de nascimento', 'nascid[oa] em', 'geboortedatum', 'geboren op',
    'födelsedatum', 'född', '出生日期', 'дата рождения', 'родил(?:ся|ась)',
  ],
  // A bare "code" ("the code is 551204"), tried last so that "codice fiscale" or "code PIN" win: 4+ digits, and
  // not an order, promo, postal or error code (CODE_QUALIFIERS).
  bare_code: ['codes?', 'código', 'codigo', 'codice', 'kod', 'koden', 'кода?'],
};

const KINDS = Object.keys(LABELS) as Kind[];

const HAN = /\p{sc=Han}/u;

/** A label's literal text, without its regular-expression syntax: for the cheap check below. */
function literalOf(label: string): string {
  return label.replace(/\\p\{[^}]+\}\{\d+,\d+\}|\(\?:[^)]*\)\??|\[[^\]]*\][?*]?|[?\\]/g, '');
}

/**
 * Where a label can start, found cheaply: a word (a run of letters and digits outside Chinese) whose first three
 * letters begin some label, or an occurrence of a Chinese label's first characters. Only there is the label
 * pattern tried: trying ~200 labels at every position of a long message is what made the first version slow.
 */
const PREFIXES = new Set<string>();
const HAN_STARTS = new Set<string>();
for (const kind of KINDS) {
  for (const label of LABELS[kind]) {
    const literal = literalOf(label);
    if (HAN.test(literal[0])) HAN_STARTS.add(literal.match(/^\p{sc=Han}+/u)![0].slice(0, 2));
    else PREFIXES.add(literal.split(/[ '\-.]/)[0].slice(0, 3));
  }
}
const WORD = /(?:(?!\p{sc=Han})[\p{L}\p{N}])+/gu;

/** Every label, tried where a candidate starts; a word's label ends where the word does. */
const LABEL_AT = new RegExp(
  KINDS.map((kind) => {
    const labels = LABELS[kind].map((label) => (HAN.test(label) ? label : `(?:${label})(?![\\p{L}\\p{N}])`));
    return `(?<${kind}>${labels.join('|')})`;
  }).join('|'),
  'iuy',
);

function candidates(text: string): number[] {
  const starts: number[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) if (PREFIXES.has(m[0].slice(0, 3).toLowerCase())) starts.push(m.index);
  let han = false;
  for (const prefix of HAN_STARTS) {
    for (let at = text.indexOf(prefix); at !== -1; at = text.indexOf(prefix, at + prefix.length)) {
      starts.push(at);
      han = true;
    }
  }
  return han ? starts.sort((a, b) => a - b) : starts;
}

/** Short words and signs between a label and its value: "is", "on the back is", ":", "no.", "#", "是". */
const FILLER = /\s{0,3}(?:[:=#：№°º—–-]|[\p{L}'’]{1,7}\.?(?![\p{L}\p{N}])|[是为為的])/uy;
const MAX_FILLERS = 4;

/** The kinds whose value is a short run of digits (a PIN, a card code, a one-time code). */
const SHORT_CODE_KINDS = new Set<Kind>(['pin', 'security_code', 'one_time_code', 'bare_code']);
const SHORT_CODE = /\d(?:[ -]?\d){2,7}(?![\p{L}\p{N}])/uy;
const DATE = new RegExp(
  [
    '\\d{1,2}[./-]\\d{1,2}[./-](?:\\d{4}|\\d{2})',
    '\\d{4}[./-]\\d{1,2}[./-]\\d{1,2}',
    '\\d{1,2}\\.?\\s{1,2}\\p{L}{3,10}\\.?,?\\s{1,2}\\d{4}',
    '\\p{L}{3,10}\\.?\\s{1,2}\\d{1,2}(?:st|nd|rd|th)?,?\\s{1,2}\\d{4}',
    '\\d{4}\\s?年\\s?\\d{1,2}\\s?月\\s?\\d{1,2}\\s?日?',
  ]
    .map((p) => `(?:${p})`)
    .join('|') + '(?![\\p{N}])',
  'uy',
);
const PASSWORD = /["“'«]?([^\s"”'»\p{sc=Han}：:][^\s"”'»\p{sc=Han}]{2,63})/uy;
const ID_TOKEN = /[A-Za-z0-9]{1,34}/y;

export function redactLabelled(text: string): string {
  let out = '';
  let copied = 0;
  for (const at of candidates(text)) {
    if (at < copied) continue;
    LABEL_AT.lastIndex = at;
    const label = LABEL_AT.exec(text);
    if (!label) continue;
    const kind = KINDS.find((k) => label.groups![k] !== undefined)!;
    if (kind === 'bare_code' && QUALIFIED_CODE.test(text.slice(Math.max(0, at - 24), at))) continue; // "order code", "promo code"
    const value = valueAfter(text, at + label[0].length, kind) ?? valueBefore(text, at, label[0].length, kind, copied);
    if (!value) continue;
    out += text.slice(copied, value.start) + MASK[kind];
    copied = value.end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** What makes a "code" no secret: an order, promo, postal, error… code (the word before it, or after it). */
const CODE_QUALIFIERS = [
  'order', 'orders', 'promo', 'promotion', 'promotional', 'discount', 'coupon', 'voucher', 'gift', 'referral', 'invite', 'invitation',
  'tracking', 'error', 'zip', 'postal', 'post', 'area', 'country', 'dialing', 'dialling', 'product', 'item', 'reference', 'ref', 'bar', 'qr',
  'swift', 'bic', 'sort', 'tax', 'source', 'status', 'pedido', 'descuento', 'promocional', 'commande', 'réduction', 'reduction', 'parrainage',
  'suivi', 'erreur', 'bestell', 'rabatt', 'gutschein', 'fehler', 'desconto', 'cupom', 'rastreio', 'erro', 'ordine', 'sconto', 'errore',
  'bestel', 'korting', 'kortings', 'fout', 'beställnings', 'fel', 'заказа', 'промо', 'скидки', 'ошибки', 'почтовый',
].join('|');
const QUALIFIED_CODE = new RegExp(`(?<![\\p{L}])(?:${CODE_QUALIFIERS})\\p{L}{0,3}[\\s-]*$`, 'iu');
const QUALIFIER_AFTER = new RegExp(`^\\s*(?:de |d'|di |da |do |des |del |der |för |для )?(?:${CODE_QUALIFIERS})(?![\\p{L}])`, 'iu');

/**
 * A short code said before its label ("4821 is my PIN", "the 3 digits on the back are 512, cvv"), when the
 * label ends the sentence: "order 5523, pin it please" keeps its order number.
 */
const CODE_BEFORE = /(?<![\p{L}\p{N}])(\d(?:[ -]?\d){2,7})\s*(?:[,:;—–-]\s*)?(?:(?:is|was|are|it's|its|that's|thats|this is|=|es|est|c'est|ist|das ist|è|é|är|это|是|my|mi|mon|ma|mein|meine|meu|minha|mio|mia|mijn|min|mitt|мой|моя|the|la|le|el|der|die|das|o|a|il|de|het|den|det|我的)\s*){0,3}$/iu;
const CLAUSE_END = /^\s*(?:$|[.,;!?)。，！？])/u;

function valueBefore(text: string, at: number, labelLength: number, kind: Kind, copied: number): { start: number; end: number } | undefined {
  if (!SHORT_CODE_KINDS.has(kind)) return undefined;
  if (!CLAUSE_END.test(text.slice(at + labelLength, at + labelLength + 2))) return undefined;
  const from = Math.max(copied, at - 48);
  const before = CODE_BEFORE.exec(text.slice(from, at));
  if (!before) return undefined;
  const start = from + before.index;
  return { start, end: start + before[1].length };
}

/** The value's span after a label at `from`, within a few filler words; none when nothing there looks like one. */
function valueAfter(text: string, from: number, kind: Kind): { start: number; end: number } | undefined {
  const bareCode = kind === 'bare_code';
  let at = from;
  let introduced = false; // after ":", "=" or a quote: a password needs no digit
  for (let fillers = 0; fillers <= MAX_FILLERS; fillers++) {
    const start = skipSpaces(text, at);
    const end = valueEnd(text, start, kind, introduced);
    if (end > start && !(bareCode && text.slice(start, end).replace(/\D/g, '').length < 4)) return { start, end };
    FILLER.lastIndex = at;
    const filler = FILLER.exec(text);
    if (!filler) return undefined;
    if (bareCode && QUALIFIER_AFTER.test(filler[0])) return undefined; // "code postal 75001", "código de descuento 2024"
    if (/[:=：]/.test(filler[0])) introduced = true;
    at = FILLER.lastIndex;
  }
  return undefined;
}

function valueEnd(text: string, at: number, kind: Kind, introduced: boolean): number {
  switch (kind) {
    case 'pin':
    case 'security_code':
    case 'one_time_code':
    case 'bare_code':
      return sticky(SHORT_CODE, text, at);
    case 'date_of_birth':
      return sticky(DATE, text, at);
    case 'id_number':
    case 'account_number':
      return idEnd(text, at);
    case 'password':
      return passwordEnd(text, at, introduced);
  }
}

function sticky(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/**
 * An identity or account number: alphanumeric groups joined by single separators ("QQ 12 34 56 C", "123-45-6789",
 * "X12345678", "20-00-00"), with at least 4 digits in all. Letter-only groups join only as a short prefix before
 * digits or a final check letter, so "SSN 123456789 I need help" keeps "I need help".
 */
function idEnd(text: string, at: number): number {
  let pos = at;
  let end = -1;
  let digits = 0;
  for (let groups = 0; groups < 10; groups++) {
    ID_TOKEN.lastIndex = pos;
    const token = ID_TOKEN.exec(text);
    if (!token || /[\p{L}\p{N}]/u.test(text[ID_TOKEN.lastIndex] ?? '')) break;
    const tokenDigits = token[0].replace(/\D/g, '').length;
    const after = ID_TOKEN.lastIndex;
    if (tokenDigits === 0) {
      const shortCaps = /^[A-Z]{1,2}$/.test(token[0]);
      const nextHasDigit = /^[ .\/-]?\d/.test(text.slice(after, after + 2));
      const finalLetter = digits > 0 && /^(?:[.,;:!?)]|\s*$)/.test(text.slice(after));
      if (!shortCaps || (!nextHasDigit && !finalLetter)) break;
    }
    digits += tokenDigits;
    end = after;
    if (!/^[ .\/-][A-Za-z0-9]/.test(text.slice(after, after + 2))) break;
    pos = after + 1;
  }
  return digits >= 4 ? end : -1;
}

/** A password: the next word, kept when it has a digit or a symbol, or when ":", "=" or a quote introduced it. */
function passwordEnd(text: string, at: number, introduced: boolean): number {
  PASSWORD.lastIndex = at;
  const match = PASSWORD.exec(text);
  if (!match) return -1;
  const quoted = match[0].length > match[1].length;
  const value = match[1].replace(/[.,;!?)]+$/, '');
  if (value.length < 3) return -1;
  if (!introduced && !quoted && !/[^\p{L}]/u.test(value)) return -1;
  return at + (match[0].length - match[1].length) + value.length + (quoted && /["”'»]/.test(text[at + match[0].length] ?? '') ? 1 : 0);
}

function skipSpaces(text: string, at: number): number {
  while (at < text.length && (text[at] === ' ' || text[at] === '\t')) at++;
  return at;
}
