/**
 * The Slack app manifest ("Create an app from a manifest" on api.slack.com/apps): the bot scopes, events, slash
 * commands and interactivity this code uses, for Socket Mode (no public URL) or HTTP (one request URL, the bot's
 * /slack/events). `npm run admin -- slack manifest [--socket] [--url https://host]` prints it.
 */

export interface SlackManifestOptions {
  /** The app's name in Slack (also the bot user's display name). */
  name?: string;
  /** Socket Mode: events, clicks and commands over a WebSocket the bot opens; no request URLs. */
  socketMode: boolean;
  /** HTTP mode: the public base URL or the full https://…/slack/events URL. */
  url?: string;
}

/** Bot token scopes, each with the calls that need it. */
export const SLACK_BOT_SCOPES: Record<string, string> = {
  'chat:write': 'pages, claims, relayed replies, ephemerals (chat.postMessage, chat.update, chat.postEphemeral)',
  'users:read': "staff names shown to customers (users.info)",
  'channels:history': 'staff thread replies in a public staff channel; Slack Connect customer channels (message.channels)',
  'groups:history': 'staff thread replies in a private staff channel (message.groups)',
  'im:history': 'customers writing to the app in a DM (message.im)',
  'channels:read': 'who is staff: members of the staff channel (conversations.members)',
  'groups:read': 'members of a private staff channel (conversations.members)',
  'usergroups:read': 'staff from a user group (usergroups.users.list)',
  commands: '/handoffs and /resolve',
};

export const SLACK_BOT_EVENTS = ['message.channels', 'message.groups', 'message.im'];

export const SLACK_COMMANDS = [
  { command: '/handoffs', description: 'List open handoffs with their waiting times', usage_hint: '' },
  { command: '/resolve', description: 'Resolve the conversation you claimed', usage_hint: '[handoff id]' },
];

export class SlackManifestError extends Error {}

/** The events URL for HTTP mode: an https base URL gets /slack/events appended. */
export function slackEventsUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SlackManifestError(`--url "${url}" is not a URL: give the bot's public https address, e.g. https://bot.example.com`);
  }
  if (parsed.protocol !== 'https:') throw new SlackManifestError(`--url "${url}" must be https: Slack only sends requests to https URLs.`);
  return parsed.pathname.replace(/\/+$/, '').endsWith('/slack/events') ? parsed.href.replace(/\/+$/, '') : `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}/slack/events`;
}

export function slackManifest(options: SlackManifestOptions): Record<string, unknown> {
  if (options.socketMode === Boolean(options.url)) {
    throw new SlackManifestError('Choose one: --socket (Socket Mode, no public URL) or --url https://<your host> (HTTP request URLs).');
  }
  const name = (options.name ?? 'Support bot').slice(0, 35);
  const url = options.url ? slackEventsUrl(options.url) : undefined;
  const withUrl = <T extends object>(value: T) => (url ? { ...value, url } : value);
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: 'Instant answers from your knowledge base, and a person one message away.',
      background_color: '#2c3e50',
    },
    features: {
      app_home: { home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: name, always_online: true },
      slash_commands: SLACK_COMMANDS.map((c) => withUrl({ command: c.command, description: c.description, ...(c.usage_hint ? { usage_hint: c.usage_hint } : {}), should_escape: false })),
    },
    oauth_config: { scopes: { bot: Object.keys(SLACK_BOT_SCOPES) } },
    settings: {
      event_subscriptions: { ...(url ? { request_url: url } : {}), bot_events: SLACK_BOT_EVENTS },
      interactivity: { is_enabled: true, ...(url ? { request_url: url } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: options.socketMode,
      token_rotation_enabled: false,
    },
  };
}
