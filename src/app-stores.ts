import { TableWaveAudience, TableActionStore } from './actions';
import { TableBatchPurge } from './delivery/batch-purge.store';
import { TableCardStore } from './delivery/card.store';
import { TableConversationStore } from './delivery/conversation.store';
import { TableDeliveryStore } from './delivery/delivery.store';
import { TableDownloadLinkStore } from './downloads';
import { StorageOutboxQueue } from './delivery/outbox.store';
import { TableSendPause } from './delivery/pause.store';
import { TableRegistrationStore } from './people/registration.store';
import { TableRoleStore } from './people/role.store';
import { TableAuditLog, TableAuditPurge } from './platform/audit';
import type { Clock } from './platform/clock';
import type { Sealer } from './platform/crypto';
import type { Queues } from './platform/queues';
import type { Tables } from './platform/tables';
import { TableDigestState } from './results/digest.store';
import { TableResultStore } from './results/result.store';
import { TableCaseMessageStore } from './speak-up/case-message.store';
import { TableCaseReporterStore } from './speak-up/case-reporter.store';
import { TableCasePurge } from './speak-up/case-purge.store';
import { TableCaseStore } from './speak-up/case.store';
import { TableAnsweredMarkers } from './surveys/answered.store';
import { TableRecipientStore } from './surveys/recipient.store';
import { StorageResponseQueue, TableResponseStore } from './surveys/response.store';
import { TableSurveyStore, TableWaveStore } from './surveys/survey.store';
import { TableWavePurge } from './surveys/wave-purge.store';

/** Every store over the process's tables and queues: what app.ts hands each service. */
export type Stores = ReturnType<typeof openStores>;

/** Part of the composition root (app.ts): the one place that puts a store over each table and queue. */
export function openStores(tables: Tables, queues: Queues, deps: { clock: Clock; sealer: Sealer }) {
  const { clock, sealer } = deps;
  const markers = new TableAnsweredMarkers(tables.answered);
  return {
    conversations: new TableConversationStore(tables.conversations),
    roles: new TableRoleStore(tables.roles),
    registrations: new TableRegistrationStore(tables.registrations),
    audit: new TableAuditLog({ table: tables.audit, clock }),
    deliveries: new TableDeliveryStore(tables.deliveries),
    cards: new TableCardStore(tables.cards),
    outboxQueue: new StorageOutboxQueue({ queue: queues.outbox, poison: queues['outbox-poison'] }),
    pause: new TableSendPause(tables.leases),
    surveys: new TableSurveyStore(tables.surveys),
    waves: new TableWaveStore(tables.waves),
    markers,
    recipients: new TableRecipientStore({ table: tables.deliveries, markers }),
    responseQueue: new StorageResponseQueue({ queue: queues.responses, poison: queues['responses-poison'] }),
    responses: new TableResponseStore(tables.responses),
    results: new TableResultStore(tables.results),
    downloadLinks: new TableDownloadLinkStore(tables.exports),
    digestState: new TableDigestState(tables.leases),
    cases: new TableCaseStore(tables.cases),
    caseMessages: new TableCaseMessageStore({ table: tables.casemessages, sealer }),
    caseReporters: new TableCaseReporterStore({ table: tables.casereporters, sealer }),
    actions: new TableActionStore(tables.actions),
    waveAudience: new TableWaveAudience(tables.deliveries),
    feedbackQueue: new StorageResponseQueue({ queue: queues.feedback, poison: queues['feedback-poison'] }),
    feedbackAnswers: new TableResponseStore(tables.feedback),
    wavePurge: new TableWavePurge({ responses: tables.responses, answered: tables.answered }),
    casePurge: new TableCasePurge({ cases: tables.cases, casemessages: tables.casemessages }),
    batchPurge: new TableBatchPurge({ deliveries: tables.deliveries, cards: tables.cards }),
    auditPurge: new TableAuditPurge(tables.audit),
  };
}
