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
  /** TEAMS_APP_TENANT_ID — the tenant, for a single-tenant app. */
  tenantId?: string;
  /** JWT verification is on exactly when the app id is set. */
  authenticated: boolean;
}

export function readTeamsConfig(reader: EnvReader, env: Record<string, string | undefined>): TeamsConfig {
  const appId = reader.optional('TEAMS_APP_ID') ?? '';
  const appPassword = reader.optional('TEAMS_APP_PASSWORD') ?? '';
  const tenantId = reader.optional('TEAMS_APP_TENANT_ID');
  const production = env.NODE_ENV === 'production' || env.TEAMS_REQUIRE_AUTH === 'true';
  if (appId && !appPassword) reader.problems.push('TEAMS_APP_PASSWORD is required with TEAMS_APP_ID: create a client secret for the Azure Bot\'s app registration.');
  if (!appId && production) {
    reader.problems.push(
      'Teams refuses to start without TEAMS_APP_ID and TEAMS_APP_PASSWORD in production (NODE_ENV=production or TEAMS_REQUIRE_AUTH=true): without them anyone could post activities to /api/messages.',
    );
  }
  return { appId, appPassword, tenantId, authenticated: Boolean(appId) };
}
