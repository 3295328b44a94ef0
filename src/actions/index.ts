/** The actions feature's face ("you said, we did"): other features and the composition root import only this. */
export { ACTIONS_OWN, assembleActions } from './feature';
export { ActionsService } from './actions.service';
export { ACTION_VERBS } from './actions.cards';
