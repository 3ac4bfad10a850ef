/**
 * The OAuth2 URL that adds the bot to a server, with the scopes and permissions the Discord adapter needs.
 * `npm run admin -- discord invite-url --client-id ID` prints it.
 */

/** Permission bits (Discord's documented values) and why the adapter needs each. */
export const DISCORD_PERMISSIONS: { name: string; bit: bigint; why: string }[] = [
  { name: 'ViewChannel', bit: 1n << 10n, why: 'see the support channel and its threads' },
  { name: 'SendMessages', bit: 1n << 11n, why: 'answer in the support channel' },
  { name: 'ReadMessageHistory', bit: 1n << 16n, why: 'reply to the message that mentioned the bot' },
  { name: 'CreatePublicThreads', bit: 1n << 35n, why: 'start a support thread per conversation' },
  { name: 'SendMessagesInThreads', bit: 1n << 38n, why: 'continue the conversation in its thread' },
];

export const DISCORD_SCOPES = ['bot', 'applications.commands'];

export function discordPermissionInteger(): bigint {
  return DISCORD_PERMISSIONS.reduce((sum, p) => sum | p.bit, 0n);
}

export class DiscordInviteError extends Error {}

export function discordInviteUrl(clientId: string): string {
  if (!/^\d{17,20}$/.test(clientId)) {
    throw new DiscordInviteError(`--client-id "${clientId}" is not a Discord application id: copy the Application ID (17-20 digits) from the developer portal's General Information page.`);
  }
  const query = new URLSearchParams({ client_id: clientId, scope: DISCORD_SCOPES.join(' '), permissions: discordPermissionInteger().toString() });
  return `https://discord.com/oauth2/authorize?${query}`;
}
