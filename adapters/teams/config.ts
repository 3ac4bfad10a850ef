/**
 * Microsoft Teams settings. With an app id and password every inbound request's JWT is verified; without them
 * (a local emulator only) verification is off, which production refuses.
 */
import type { EnvReader } from '../../core/config';

export interface TeamsConfig {
  /** TEAMS_APP_ID — the Azure Bot's Microsoft App ID. */
  appId: string;
  /** TEAMS_APP_PASSWORD — its client secret. */
  appPassword: string;
  /** TEAMS_APP_TENANT_ID — the tenant of a single-tenant app (new Azure Bots are single-tenant). */
  tenantId?: string;
  /**
   * TEAMS_OPENID_METADATA_URL — where the keys that sign the Bot Connector's JWTs are published. Default: the
   * Bot Framework's public cloud document (botbuilder's own default). Change it only for a sovereign cloud, or a
   * local fake in tests: whoever holds the keys it lists can post to /api/messages.
   */
  openIdMetadataUrl?: string;
  /** JWT verification is on exactly when the app id is set. */
  authenticated: boolean;
  /**
   * TEAMS_EMULATOR=true — the only way to run without credentials (a local Bot Framework Emulator): requests are
   * not authenticated, so activities and replies are accepted only for loopback service URLs.
   */
  emulator?: boolean;
}

/** Without credentials, only the local machine may be talked to (no server-side request forgery). */
export function isLoopbackUrl(url: unknown): boolean {
  try {
    const host = new URL(String(url)).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

export function readTeamsConfig(reader: EnvReader, env: Record<string, string | undefined>): TeamsConfig {
  const appId = reader.optional('TEAMS_APP_ID') ?? '';
  const appPassword = reader.optional('TEAMS_APP_PASSWORD') ?? '';
  const tenantId = reader.optional('TEAMS_APP_TENANT_ID');
  const production = env.NODE_ENV === 'production' || env.TEAMS_REQUIRE_AUTH === 'true';
  if (appId && !appPassword) reader.problems.push('TEAMS_APP_PASSWORD is required with TEAMS_APP_ID: create a client secret for the Azure Bot\'s app registration.');
  if (!appId && appPassword) reader.problems.push('TEAMS_APP_ID is required with TEAMS_APP_PASSWORD: copy the Microsoft App ID from the Azure Bot\'s Configuration page.');
  if (!appId && !appPassword && production) {
    reader.problems.push(
      'Teams refuses to start without TEAMS_APP_ID and TEAMS_APP_PASSWORD in production (NODE_ENV=production or TEAMS_REQUIRE_AUTH=true): ' +
        'without them nobody checks who posts to /api/messages. Set both from the Azure Bot registration (and TEAMS_APP_TENANT_ID for a single-tenant app).',
    );
  }
  const emulator = env.TEAMS_EMULATOR === 'true';
  if (!appId && !appPassword && !production && !emulator) {
    reader.problems.push(
      'Teams without TEAMS_APP_ID and TEAMS_APP_PASSWORD accepts unauthenticated requests: set both from the Azure Bot registration, ' +
        'or TEAMS_EMULATOR=true for a local Bot Framework Emulator (then only loopback service URLs are accepted).',
    );
  }
  const openIdMetadataUrl = reader.optional('TEAMS_OPENID_METADATA_URL');
  if (openIdMetadataUrl) {
    reader.url('TEAMS_OPENID_METADATA_URL', openIdMetadataUrl, production ? ['https:'] : ['https:', 'http:']);
  }
  return { appId, appPassword, tenantId, openIdMetadataUrl, authenticated: Boolean(appId), emulator: !appId && emulator };
}
