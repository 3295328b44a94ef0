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

/** Credentials for inbound validation and outbound calls, built once from config. */
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

const AUDIENCE = 'https://api.botframework.com';

/** Token source backed by botbuilder's credential classes (client secret or managed identity). */
export function botTokenSource(bot: BotConfig, factory: ConfigurationServiceClientCredentialFactory): BotTokenSource {
  if (bot.auth === 'none') return { token: async () => undefined };
  const loginEndpoint =
    bot.auth === 'MultiTenant'
      ? 'https://login.microsoftonline.com/botframework.com'
      : `https://login.microsoftonline.com/${bot.tenantId}`;
  let credentials: Promise<{ getToken(force?: boolean): Promise<string> }> | undefined;
  return {
    async token() {
      credentials ??= factory.createCredentials(bot.appId, AUDIENCE, loginEndpoint, true) as unknown as Promise<{
        getToken(force?: boolean): Promise<string>;
      }>;
      return (await credentials).getToken();
    },
  };
}
