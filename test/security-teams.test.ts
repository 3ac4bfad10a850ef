/**
 * Issue 14 #8: Teams without credentials (TEAMS_EMULATOR) accepts activities, and replies, only for loopback
 * service URLs: a forged `serviceUrl` gets 401 and the bot POSTs nowhere else.
 */
import { isLoopbackUrl } from '../adapters/teams/config';
import { postActivity, teamsMessage } from '../fakes/fake-teams';
import { CONVERSATION, NO_AUTH, TeamsHarness } from './helpers/teams-harness';

test('loopback URLs', () => {
  expect(['http://127.0.0.1:3978/', 'http://localhost/x', 'http://[::1]:80/', 'http://127.8.9.10/'].every(isLoopbackUrl)).toBe(true);
  expect(['https://smba.trafficmanager.net/emea/', 'http://169.254.169.254/latest', 'http://10.0.0.1/', 'not a url', undefined].some(isLoopbackUrl)).toBe(false);
});

test('without credentials, an activity with a non-loopback serviceUrl is refused before anything runs', async () => {
  const harness = new TeamsHarness({ ...NO_AUTH, emulator: true });
  const adapter = await harness.createAdapter();
  const received: string[] = [];
  await adapter.start(async (m) => void received.push(m.id));
  try {
    const forged = teamsMessage('http://169.254.169.254/latest/', CONVERSATION, { text: 'hello' });
    expect(await postActivity(harness.endpoint, forged)).toBe(401);
    expect(received).toEqual([]);
    expect(await harness.redis.keys(`${harness.prefix}:*`)).toEqual([]);
    // The local emulator (loopback) still works.
    await harness.customerSays('hello');
    expect(received).toHaveLength(1);
  } finally {
    await harness.close();
  }
});
