import { randomUUID } from 'node:crypto';
import { Application, TeamsAdapter } from '@microsoft/teams-ai';
import type { Request, Response } from 'restify';
import type { Log } from '../log';
import { botCredentials, botTokenSource, type BotConfig, type BotTokenSource } from './bot-auth';
import { errorCard } from './system.cards';
import { tenantGate, tenantOf } from './tenant-gate';
import { cardAttachment } from './turn';

/** The teams-ai application every `*.routes.ts` registers on. */
export type BotApp = Application;

/** The bot's inbound side (adapter + application) and the token source outbound calls use. */
export interface Bot {
  app: BotApp;
  tokens: BotTokenSource;
  handle(req: Request, res: Response): Promise<void>;
}

/**
 * Builds the adapter and application. Inbound requests are authenticated by the adapter whenever an app id is
 * configured; with none (local mode only) auth is off. With `allowedTenants` given, an activity from any other tenant
 * is refused after authentication and before any route runs.
 */
export function createBot(deps: { bot: BotConfig; log: Log; allowedTenants?: readonly string[] }): Bot {
  const { options, credentialsFactory } = botCredentials(deps.bot);
  const adapter = new TeamsAdapter(options, credentialsFactory);
  const app = new Application({
    adapter,
    botAppId: deps.bot.auth === 'none' ? '' : deps.bot.appId,
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });

  // The one turn-error handler: a correlation id in the log and in front of the person, nothing they wrote in either.
  app.error(async (context, error) => {
    const correlationId = randomUUID();
    deps.log.error(
      { correlationId, err: error, activityType: context.activity?.type, activityName: context.activity?.name },
      'turn failed',
    );
    if (context.activity?.type === 'invoke') return; // the invoke wrapper answers invokes itself
    await context
      .sendActivity({ attachments: [cardAttachment(errorCard(correlationId))] })
      .catch((sendError: unknown) => {
        deps.log.warn({ correlationId, err: sendError }, 'could not tell the user about a failed turn');
      });
  });

  const admitted = tenantGate(deps.allowedTenants);
  if (deps.allowedTenants?.length === 0)
    deps.log.warn('no tenant is allowed: every activity will be refused. Set ALLOWED_TENANT_IDS (or BOT_TENANT_ID).');

  return {
    app,
    tokens: botTokenSource(deps.bot),
    handle: (req, res) =>
      adapter.process(req, res, async (context) => {
        if (!admitted(context.activity)) {
          // Nothing about the person: not their ids, name or text. The tenant is an organisation, kept for the operator.
          const { type, name } = context.activity;
          deps.log.warn(
            { tenant: tenantOf(context.activity) ?? 'none', activityType: type, activityName: name },
            'activity from a tenant not configured: refused',
          );
          if (type === 'invoke') await context.sendActivity({ type: 'invokeResponse', value: { status: 403 } });
          return;
        }
        await app.run(context);
      }),
  };
}
