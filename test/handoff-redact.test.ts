/** What staff channels see is masked; the checks keep order numbers and amounts readable. */
import { isValidIban, passesLuhn, redact } from '../core/redact';
import { readHandoffConfig } from '../handoff/config';
import { ConfigError } from '../core/config';

describe('redaction for staff channels', () => {
  it('masks a Luhn-valid card number however it is grouped, and leaves a Luhn-invalid one', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(redact('card 4111 1111 1111 1111 please')).toBe('card [card …1111] please');
    expect(redact('card 4111-1111-1111-1111')).toBe('card [card …1111]');
    expect(redact('card 5555555555554444.')).toBe('card [card …4444].');
    expect(redact('ref 4111111111111112')).toBe('ref 4111111111111112');
  });

  it('masks valid IBANs, e-mail addresses and phone numbers', () => {
    expect(isValidIban('FR14 2004 1010 0505 0001 3M02 606')).toBe(true);
    expect(redact('IBAN FR14 2004 1010 0505 0001 3M02 606 thanks')).toBe('IBAN [IBAN …2606] thanks');
    expect(redact('GB82WEST12345698765432')).toBe('[IBAN …5432]');
    expect(redact('mail me: ana.lima+shop@example.co.uk')).toBe('mail me: [email]');
    expect(redact('call +33 6 12 34 56 78 or 06.12.34.56.78 or (555) 123-4567')).toBe('call [phone] or [phone] or [phone]');
  });

  it('leaves order numbers, amounts and dates readable', () => {
    const text = 'order 12345678 for €1,250.00 on 2026-11-25, GB00 not an iban';
    expect(redact(text)).toBe(text);
  });
});

describe('handoff configuration', () => {
  it('has working defaults and reads every variable', () => {
    const defaults = readHandoffConfig({});
    expect(defaults).toMatchObject({ queueName: 'handoff', repageAfterMs: 120_000, escalateAfterMs: 120_000, redact: true, recordRetentionSeconds: 90 * 86400, runWorker: true });
    expect(defaults.slack).toBeUndefined();
    const set = readHandoffConfig({
      HANDOFF_QUEUE: 'desk',
      HANDOFF_REPAGE_AFTER: '30',
      REDACT: 'off',
      BUSINESS_HOURS: 'Mon-Fri 09:00-18:00 Europe/Paris',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_STAFF_CHANNEL: 'C1',
      SLACK_PAGE_GROUP: 'S1',
    });
    expect(set).toMatchObject({ queueName: 'desk', repageAfterMs: 30_000, redact: false, slack: { staffChannel: 'C1', pageGroup: 'S1', apiUrl: 'https://slack.com/api/' } });
    expect(set.businessHours?.timeZone).toBe('Europe/Paris');
  });

  it('names every mistake and its fix at once', () => {
    let error: ConfigError | undefined;
    try {
      readHandoffConfig({ SLACK_BOT_TOKEN: 'xoxb-1', BUSINESS_HOURS: 'always', HANDOFF_REPAGE_AFTER: 'soon' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.join('\n')).toMatch(/SLACK_SIGNING_SECRET is required/);
    expect(error!.problems.join('\n')).toMatch(/SLACK_STAFF_CHANNEL is required/);
    expect(error!.problems.join('\n')).toMatch(/BUSINESS_HOURS="always"/);
    expect(error!.problems.join('\n')).toMatch(/HANDOFF_REPAGE_AFTER="soon"/);
  });
});
