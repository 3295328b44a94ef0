/** Speak-up's stores, for the composition root only (src/app-stores.ts). */
export { TableCaseMessageStore } from './case-message.store';
export { TableCaseReporterStore } from './case-reporter.store';
export { TableCasePurge } from './case-purge.store';
export { TableCaseStore } from './case.store';
