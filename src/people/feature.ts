import type { Core } from '../core';
import type { ConversationDirectory, MemberNames, OutboxService, TeamRosters } from '../delivery';
import type { Feature, Owned } from '../platform/feature';
import { ChannelService } from './channel.service';
import { registerPeopleRoutes } from './people.routes';
import { TableRegistrationStore } from './registration.store';
import { TeamLeadService } from './lead.service';
import { RoleService } from './role.service';
import { TableRoleStore } from './role.store';
import type { ChannelPurpose } from './roles';

export const PEOPLE_OWNS: Owned = { tables: ['roles', 'registrations'], queues: [] };

/** What people gives the features above it. */
export interface PeopleApi {
  readonly roles: RoleService;
  /** Who leads which team (named by admins), and who may read a team's results. */
  readonly leads: TeamLeadService;
  readonly channels: ChannelService;
  /** The channels registered for each purpose (leadership `digest`, `guardians`). */
  readonly registrations: TableRegistrationStore;
  /**
   * Lets a feature above act when a channel is newly registered (speak-up posts the cases that were waiting for a
   * guardians' channel at once, not at its next timer run).
   */
  onRegistered(listener: (purpose: ChannelPurpose) => Promise<unknown>): void;
}

/** Roles, and the channels registered for a purpose, with their cards (help, roles, `digest here`, `guardians here`). */
export function assemblePeople(
  core: Core,
  deps: { outbox: OutboxService; conversations: ConversationDirectory; names: MemberNames & TeamRosters },
): Feature<PeopleApi> {
  const { clock, audit, log, storage } = core;
  const roleStore = new TableRoleStore(storage.table('roles'));
  const roles = new RoleService({ roles: roleStore, audit, clock, firstAdmins: core.config.people.firstAdmins });
  const { conversations: teams, names: rosters } = deps;
  const leads = new TeamLeadService({ roles, store: roleStore, audit, clock, teams, rosters });
  const registrations = new TableRegistrationStore(storage.table('registrations'));
  const channels = new ChannelService({ registrations, roles, audit, outbox: deps.outbox, clock });
  const listeners: ((purpose: ChannelPurpose) => Promise<unknown>)[] = [];
  const onRegistered = async (purpose: ChannelPurpose) => void (await Promise.all(listeners.map((l) => l(purpose))));
  return {
    api: { roles, leads, channels, registrations, onRegistered: (listener) => void listeners.push(listener) },
    routes: (app) => registerPeopleRoutes(app, { ...deps, roles, leads, channels, log, onRegistered }),
  };
}
