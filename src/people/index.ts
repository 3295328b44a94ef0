/** The people feature's face: roles, the channels registered for a purpose, and the welcome card. */
export { assemblePeople, PEOPLE_OWNS, type PeopleApi } from './feature';
export { RoleService } from './role.service';
export { welcomeCard } from './welcome.cards';
export type { Role } from './roles';
export type { ChannelRegistry, Registration } from './registration.store';
