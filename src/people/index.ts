/** The people feature's face: roles, the channels registered for a purpose, and the welcome card. */
export { RoleService } from './role.service';
export { TeamLeadService } from './lead.service';
export { ChannelService } from './channel.service';
export { registerPeopleRoutes } from './people.routes';
export { welcomeCard } from './welcome.cards';
export type { Role } from './roles';
export type { ChannelRegistry, Registration } from './registration.store';
