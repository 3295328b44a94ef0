/**
 * Every typed command Staff Voice handles, and the Teams scopes it is offered in: the single list that
 * teamsapp/manifest.json's command lists must match (test/ship/commands.test.ts). Adding a command to a route
 * without adding it here fails that test, so the manifest cannot fall behind the bot.
 *
 * A command is offered in a scope when it does that job there: `roles`, `surveys`, `results`, `export`, `actions`, `speak up`,
 * `my cases` and `ngo return` answer in a channel too, but only to say "open your 1:1 chat", so they are offered in
 * personal chat only; channel registration only works in
 * a channel. Aliases (`survey` for `surveys`, `results <survey name>`, `results team [name]`) are handled but not listed.
 */
export type Scope = 'personal' | 'team' | 'groupChat';

export interface BotCommand {
  readonly text: string;
  readonly scopes: readonly Scope[];
  /** Other texts the same route accepts, not shown in Teams' command menu. */
  readonly aliases?: readonly string[];
}

export const BOT_COMMANDS: readonly BotCommand[] = [
  { text: 'help', scopes: ['personal', 'team', 'groupChat'] },
  { text: 'surveys', scopes: ['personal'], aliases: ['survey'] },
  { text: 'results', scopes: ['personal'], aliases: ['results engagement', 'results team', 'results team ward 7'] },
  { text: 'export', scopes: ['personal'], aliases: ['export engagement'] },
  { text: 'actions', scopes: ['personal'], aliases: ['actions engagement'] },
  { text: 'roles', scopes: ['personal'] },
  { text: 'speak up', scopes: ['personal'], aliases: ['speakup'] },
  { text: 'my cases', scopes: ['personal'] },
  { text: 'ngo return', scopes: ['personal'], aliases: ['ngo return 2026/27 Q3'] },
  { text: 'digest here', scopes: ['team'] },
  { text: 'digest stop', scopes: ['team'] },
  { text: 'guardians here', scopes: ['team'] },
  { text: 'guardians stop', scopes: ['team'] },
];

export const commandsFor = (scope: Scope): string[] =>
  BOT_COMMANDS.filter((c) => c.scopes.includes(scope)).map((c) => c.text);
