/** The dashboard feature's face: the Results tab (its pages and API), above results, people, delivery and actions. */
export { assembleDashboard } from './feature';
