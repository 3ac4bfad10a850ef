/** SLACK_APP_TOKEN: Socket Mode needs no signing secret; a token that is not an app-level one is refused by name. */
import { readHandoffConfig } from '../handoff/config';

const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_STAFF_CHANNEL: 'C0123' };

test('with an app-level token the signing secret is not needed, and Socket Mode is configured', () => {
  const config = readHandoffConfig({ ...base, SLACK_APP_TOKEN: 'xapp-1-A1-abc' });
  expect(config.slack).toMatchObject({ appToken: 'xapp-1-A1-abc', signingSecret: '', staffChannel: 'C0123' });
});

test('neither a signing secret nor an app token: the error names both ways', () => {
  expect(() => readHandoffConfig(base)).toThrow(/SLACK_SIGNING_SECRET is required.*or set SLACK_APP_TOKEN for Socket Mode/s);
});

test('a bot token given as the app token is refused with the fix', () => {
  expect(() => readHandoffConfig({ ...base, SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: 'xoxb-2' })).toThrow(/SLACK_APP_TOKEN must be an app-level token starting with "xapp-"/);
});

test('HTTP mode is unchanged: no app token, the signing secret is used', () => {
  const config = readHandoffConfig({ ...base, SLACK_SIGNING_SECRET: 'secret' });
  expect(config.slack?.appToken).toBeUndefined();
  expect(config.slack?.signingSecret).toBe('secret');
});
