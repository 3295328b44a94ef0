/** The actions feature's face ("you said, we did"): other features and the composition root import only this. */
export { ACTIONS_OWN, assembleActions, type ActionsApi } from './feature';
export { ActionsService } from './actions.service';
export { ActionBundle } from './bundle.service';
export { registerActionsRoutes, registerFeedbackRoute } from './actions.routes';
export { FeedbackService } from './feedback.service';
export { ActionsPurgeService } from './actions-purge.service';
export { BUNDLE_SCHEDULE, BUNDLE_SEND_TIME } from './action';
export { ACTION_VERBS } from './actions.cards';
