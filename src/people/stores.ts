/** People's stores, for the composition root only (src/app-stores.ts): other features read through its face. */
export { TableRegistrationStore } from './registration.store';
export { TableRoleStore } from './role.store';
