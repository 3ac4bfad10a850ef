/**
 * The admin CLI's set-up generators: what each platform's "create an app" page wants, printed or written from
 * what this code really uses.
 *
 *   slack manifest (--socket | --url https://HOST) [--name N] [--json]   app manifest for "Create an app from a manifest"
 *   teams package --app-id GUID [--out FILE.zip] [--name N] [--website https://…]   manifest.json + icons, zipped
 *   discord invite-url --client-id ID                                    OAuth2 URL: bot + applications.commands, permissions
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { SlackManifestError, slackManifest } from '../adapters/slack/manifest';
import { TeamsPackageError, teamsAppPackage } from '../adapters/teams/app-package';
import { DISCORD_PERMISSIONS, DiscordInviteError, discordInviteUrl } from '../adapters/discord/invite';
import { UsageError, type Flags } from './flags';

export const SETUP_USAGE =
  'slack manifest (--socket | --url https://HOST) [--name N] [--json] | teams package --app-id GUID [--out FILE.zip] [--name N] [--website URL] | discord invite-url --client-id ID';

export const SETUP_FLAGS = { socket: 'boolean', url: 'string', name: 'string', 'app-id': 'string', out: 'string', website: 'string', 'client-id': 'string' } as const;

export function isSetupCommand(group: string | undefined, action: string | undefined): boolean {
  return (group === 'slack' && action === 'manifest') || (group === 'teams' && action === 'package') || (group === 'discord' && action === 'invite-url');
}

/** Runs one generator; invalid input throws UsageError naming the flag and the fix. */
export function runSetup(group: string, flags: Flags, print: (text: string) => void): number {
  const text = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  try {
    if (group === 'slack') {
      const manifest = slackManifest({ socketMode: Boolean(flags.socket), url: text('url'), name: text('name') });
      const next = flags.socket
        ? '# Then: Basic Information → App-Level Tokens → a token with connections:write → SLACK_APP_TOKEN (xapp-…);\n# Install App → SLACK_BOT_TOKEN (xoxb-…). No public URL or signing secret is needed.\n'
        : '# Then: Install App → SLACK_BOT_TOKEN (xoxb-…); Basic Information → Signing Secret → SLACK_SIGNING_SECRET.\n';
      print(flags.json ? JSON.stringify(manifest, null, 2) : `${next}${stringify(manifest).trimEnd()}`);
      return 0;
    }
    if (group === 'teams') {
      const appId = text('app-id');
      if (!appId) throw new UsageError(`teams package needs --app-id (the Azure Bot's Microsoft App ID, TEAMS_APP_ID)\n${SETUP_USAGE}`);
      const out = text('out') ?? 'teams-app.zip';
      writeFileSync(out, teamsAppPackage({ appId, name: text('name'), website: text('website') }));
      print(`Wrote ${out} (manifest.json, color.png, outline.png) for app id ${appId}. In Teams: Apps → Manage your apps → Upload an app → Upload a custom app.`);
      return 0;
    }
    const clientId = text('client-id');
    if (!clientId) throw new UsageError(`discord invite-url needs --client-id (the Application ID on the developer portal)\n${SETUP_USAGE}`);
    print(discordInviteUrl(clientId));
    print(`Permissions: ${DISCORD_PERMISSIONS.map((p) => p.name).join(', ')}. Also enable the Message Content intent on the Bot page.`);
    return 0;
  } catch (error) {
    if (error instanceof SlackManifestError || error instanceof TeamsPackageError || error instanceof DiscordInviteError) throw new UsageError(`${error.message}\n${SETUP_USAGE}`);
    throw error;
  }
}
