/**
 * Secrets and identity numbers the customer names before typing them (core/redact-labelled.ts), through the one
 * `redact` service: PINs, card security codes, one-time codes, passwords, ID and account numbers, dates of birth,
 * in the ten supported languages. Unlabelled numbers (orders, prices, dates, tracking) stay readable, and so do
 * sentences that only talk about a password or a PIN. (Linear time on label-heavy text: test/redact-formats.test.ts.)
 */
import { redact } from '../core/redact';
import { redactLabelled } from '../core/redact-labelled';

// [message, the secret that must not survive, the mask expected in its place]
const SECRETS: [string, string, string][] = [
  ['the pin is 4821', '4821', '[PIN]'],
  ['my PIN code is 0000', '0000', '[PIN]'],
  ['Mi PIN es 4455', '4455', '[PIN]'],
  ['mon code PIN est 1212', '1212', '[PIN]'],
  ['meine PIN ist 9876', '9876', '[PIN]'],
  ['il mio PIN è 3141', '3141', '[PIN]'],
  ['meu PIN é 2718', '2718', '[PIN]'],
  ['mijn pincode is 1618', '1618', '[PIN]'],
  ['min pinkod är 1414', '1414', '[PIN]'],
  ['我的PIN码是 6543', '6543', '[PIN]'],
  ['мой пин-код 8080', '8080', '[PIN]'],
  ['CVV: 987 and expiry 12/27', '987', '[security code]'],
  ['security code on the back is 456', '456', '[security code]'],
  ['código de seguridad 771', '771', '[security code]'],
  ['cryptogramme 842', '842', '[security code]'],
  ['Prüfnummer 319', '319', '[security code]'],
  ['the verification code you sent is 482913', '482913', '[one-time code]'],
  ['OTP 739 201', '739 201', '[one-time code]'],
  ['código de verificación 445566', '445566', '[one-time code]'],
  ['le code de confirmation est 908172', '908172', '[one-time code]'],
  ['Bestätigungscode 123987', '123987', '[one-time code]'],
  ['codice di verifica 665544', '665544', '[one-time code]'],
  ['验证码是 384756', '384756', '[one-time code]'],
  ['код подтверждения 5566', '5566', '[one-time code]'],
  ['my password is Hunter2!x', 'Hunter2!x', '[password]'],
  ['password: sunshine', 'sunshine', '[password]'],
  ['my password is "sunshine"', 'sunshine', '[password]'],
  ['mein Passwort ist Sommer2024.', 'Sommer2024', '[password]'],
  ['mon mot de passe est azerty123', 'azerty123', '[password]'],
  ['mi contraseña es perro2020', 'perro2020', '[password]'],
  ['senha: banana123', 'banana123', '[password]'],
  ['wachtwoord is Fiets2023', 'Fiets2023', '[password]'],
  ['lösenord: Katt123', 'Katt123', '[password]'],
  ['мой пароль qwerty2020', 'qwerty2020', '[password]'],
  ['我的密码是abc12345', 'abc12345', '[password]'],
  ['my ssn is 123-45-6789', '6789', '[ID number]'],
  ['social security number 123456789', '123456789', '[ID number]'],
  ['NI number QQ 12 34 56 C', '34 56', '[ID number]'],
  ['passport no. 533380006', '533380006', '[ID number]'],
  ['mi DNI es 12345678Z', '12345678Z', '[ID number]'],
  ['codice fiscale RSSMRA85T10A562S', 'RSSMRA85T10A562S', '[ID number]'],
  ['Personalausweisnummer L01X00T47', 'L01X00T47', '[ID number]'],
  ['BSN 123456782', '123456782', '[ID number]'],
  ['personnummer 850101-1234', '1234', '[ID number]'],
  ['CPF 123.456.789-09', '789', '[ID number]'],
  ['паспорт 4510 123456', '123456', '[ID number]'],
  ['身份证号 11010519491231002X', '11010519491231002X', '[ID number]'],
  ['routing number 021000021', '021000021', '[account number]'],
  ['account number: 00123456', '00123456', '[account number]'],
  ['sort code 20-00-00', '20-00-00', '[account number]'],
  ['Kontonummer 1234567890', '1234567890', '[account number]'],
  ['date of birth 14/03/1985', '1985', '[date of birth]'],
  ['DOB March 3, 1979', '1979', '[date of birth]'],
  ['fecha de nacimiento: 12-05-1978', '1978', '[date of birth]'],
  ['Geburtsdatum 01.02.1983', '1983', '[date of birth]'],
  ['дата рождения 05.06.1991', '1991', '[date of birth]'],
  ['出生日期 1990年5月4日', '1990', '[date of birth]'],
  // Before its label, when the label ends the sentence; a bare "code" with 4+ digits.
  ['4821 is my PIN', '4821', '[PIN]'],
  ['the 3 digits on the back are 512, cvv', '512', '[security code]'],
  ['the code is 551 204', '551 204', '[one-time code]'],
  ['el código es 7788', '7788', '[one-time code]'],
  ['der Code lautet 908172', '908172', '[one-time code]'],
  ['koden är 8899', '8899', '[one-time code]'],
];

const KEPT = [
  'my order 123456 has not arrived',
  'I forgot my password, how do I reset it?',
  'my password is not working',
  'das Passwort ist falsch',
  'mi contraseña no funciona',
  'пароль не подходит',
  '密码忘了怎么办',
  'the PIN pad was broken at the shop',
  'my pin was blocked after 3 tries',
  'where do I find the CVV on my card?',
  'the verification code never arrived',
  'what is a sort code?',
  'I was born in 1985 and want a student account',
  'I paid 45 euros on 12/05/2024',
  'order 5523, pin it please',
  'the code SAVE20 does not work',
  'my account was charged 3 times',
  'Ich habe nie 2 Pakete bekommen',
  'error code 500 when paying',
  'my order code is 55310',
  'promo code 2024 does not work',
  'code postal 75001',
  'código de descuento 1234',
  'SSN 123456789 I need help', // the number goes, "I need help" stays: checked below
];

describe('labelled secrets and identity numbers', () => {
  it.each(SECRETS)('%j: the value is masked by its kind', (text, secret, mask) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(mask);
  });

  it.each(KEPT.slice(0, -1))('keeps %j', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('masks only the value: the label and the rest of the sentence stay', () => {
    expect(redact('SSN 123456789 I need help')).toBe('SSN [ID number] I need help');
    expect(redact('card 4111111111111111 exp 09/28 cvc 321')).toBe('card [card …1111] exp 09/28 cvc [security code]');
    expect(redact('login: ana.lopez password: Tr0ub4dor, then it failed')).toBe('login: ana.lopez password: [password], then it failed');
    expect(redact('verification code: 551204 and my order is 99812')).toBe('verification code: [one-time code] and my order is 99812');
  });

  it('redacting twice changes nothing', () => {
    for (const [text] of SECRETS) expect(redact(redact(text))).toBe(redact(text));
  });

  it('a message naming no label is returned as it is, without a scan', () => {
    const text = 'where is my parcel? it was due on 12/05/2024, order 5531';
    expect(redactLabelled(text)).toBe(text);
  });
});
