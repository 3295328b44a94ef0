import { ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';
import { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';

/** Bot identity. `appId` is undefined only in local mode, where inbound auth is off. */
export type BotConfig =
  | { readonly auth: 'none' }
  | {
      readonly auth: 'MultiTenant' | 'SingleTenant';
      readonly appId: string;
      readonly password: string;
      readonly tenantId?: string;
    }
  | { readonly auth: 'UserAssignedMsi'; readonly appId: string; readonly tenantId: string };

/** botbuilder's names for our bot settings. Auth is off only when there is no app id (local mode). */
export function botFrameworkOptions(bot: BotConfig): Record<string, string | undefined> {
  if (bot.auth === 'none') return {};
  return {
    MicrosoftAppId: bot.appId,
    MicrosoftAppType: bot.auth === 'UserAssignedMsi' ? 'UserAssignedMSI' : bot.auth,
    MicrosoftAppPassword: bot.auth === 'UserAssignedMsi' ? undefined : bot.password,
    MicrosoftAppTenantId: bot.tenantId,
  };
}

/** botbuilder's credentials for the adapter: inbound validation and the replies it sends within a turn. */
export function botCredentials(bot: BotConfig) {
  const options = botFrameworkOptions(bot);
  const credentialsFactory = new ConfigurationServiceClientCredentialFactory(options);
  const authentication = new ConfigurationBotFrameworkAuthentication(options, credentialsFactory);
  return { options, credentialsFactory, authentication };
}

/** Supplies the bearer token for outbound Bot Connector calls; undefined when auth is off. */
export interface BotTokenSource {
  token(): Promise<string | undefined>;
}

// The Bot Connector's resource: a token for it is what every outbound call (send, update, roster) carries.
const BOT_CONNECTOR_SCOPE = 'https://api.botframework.com/.default';

/**
 * The Entra credential the bot calls the Bot Connector with: its user-assigned managed identity (no secret on the
 * machine), or its client secret. A multi-tenant bot signs in through Bot Framework's own tenant, as botbuilder does.
 */
export function botCredential(
  bot: Exclude<BotConfig, { auth: 'none' }>,
): ManagedIdentityCredential | ClientSecretCredential {
  if (bot.auth === 'UserAssignedMsi') return new ManagedIdentityCredential({ clientId: bot.appId });
  const tenant = bot.auth === 'MultiTenant' ? 'botframework.com' : (bot.tenantId ?? 'botframework.com');
  return new ClientSecretCredential(tenant, bot.appId, bot.password);
}

/**
 * Token source backed by @azure/identity (which caches and renews the token). Local mode has no bot id and sends no
 * token; the credential is built on the first call, so starting the app asks Entra for nothing.
 */
export function botTokenSource(bot: BotConfig): BotTokenSource {
  if (bot.auth === 'none') return { token: async () => undefined };
  let credential: ManagedIdentityCredential | ClientSecretCredential | undefined;
  return {
    async token() {
      credential ??= botCredential(bot);
      const accessToken = await credential.getToken(BOT_CONNECTOR_SCOPE);
      if (!accessToken) throw new Error(`no Bot Connector token for the ${bot.auth} bot identity`);
      return accessToken.token;
    },
  };
}
