import { TableActionStore, TableActionsPurge, TableWaveAudience } from './actions/stores';
import {
  StorageOutboxQueue,
  TableBatchPurge,
  TableCardStore,
  TableConversationStore,
  TableDeliveryStore,
  TableSendPause,
} from './delivery/stores';
import { TableDownloadLinkStore } from './downloads/stores';
import { TableRegistrationStore, TableRoleStore } from './people/stores';
import { TableAuditLog, TableAuditPurge } from './platform/audit';
import type { AuditChainKeys } from './platform/audit-chain';
import type { Clock } from './platform/clock';
import type { Sealer, SpeakUpKeys } from './platform/crypto';
import type { Log } from './platform/log';
import type { Queues } from './platform/queues';
import type { Tables } from './platform/tables';
import { TableDigestState } from './digest/stores';
import { TableResultStore } from './results/stores';
import { TableCaseMessageStore, TableCasePurge, TableCaseReporterStore, TableCaseStore } from './speak-up/stores';
import {
  StorageResponseQueue,
  TableAnsweredMarkers,
  TableRecipientStore,
  TableResponseSealing,
  TableResponseStore,
  TableSealState,
  TableSurveyStore,
  TableWavePurge,
  TableWaveStore,
} from './surveys/stores';

/** Every store over the process's tables and queues: what app.ts hands each service. */
export type Stores = ReturnType<typeof openStores>;

/** Part of the composition root (app.ts): the one place that puts a store over each table and queue. */
export function openStores(
  tables: Tables,
  queues: Queues,
  deps: { clock: Clock; sealer: SpeakUpKeys; auditChain: AuditChainKeys; rowKeys: Sealer; log: Log },
) {
  const { clock, sealer, auditChain: chain, rowKeys: keys, log } = deps;
  const markers = new TableAnsweredMarkers(tables.answered);
  // Stored responses and feedback answers: sealed rows, each bound to its table; plain ones read until the migration ends.
  const sealState = new TableSealState(tables.leases);
  const rowFormat = (name: string) => ({ name, keys, log, plainAccepted: () => sealState.plainAccepted() });
  return {
    conversations: new TableConversationStore(tables.conversations),
    roles: new TableRoleStore(tables.roles),
    registrations: new TableRegistrationStore(tables.registrations),
    audit: new TableAuditLog({ table: tables.audit, clock, chain }),
    deliveries: new TableDeliveryStore(tables.deliveries),
    cards: new TableCardStore(tables.cards),
    outboxQueue: new StorageOutboxQueue({ queue: queues.outbox, poison: queues['outbox-poison'] }),
    pause: new TableSendPause(tables.leases),
    surveys: new TableSurveyStore(tables.surveys),
    waves: new TableWaveStore(tables.waves),
    markers,
    recipients: new TableRecipientStore({ table: tables.deliveries, markers }),
    responseQueue: new StorageResponseQueue({ queue: queues.responses, poison: queues['responses-poison'] }),
    responses: new TableResponseStore(tables.responses, rowFormat('responses')),
    results: new TableResultStore(tables.results),
    downloadLinks: new TableDownloadLinkStore(tables.exports),
    digestState: new TableDigestState(tables.leases),
    cases: new TableCaseStore(tables.cases),
    caseMessages: new TableCaseMessageStore({ table: tables.casemessages, sealer }),
    caseReporters: new TableCaseReporterStore({ table: tables.casereporters, sealer }),
    actions: new TableActionStore(tables.actions),
    waveAudience: new TableWaveAudience(tables.deliveries),
    feedbackQueue: new StorageResponseQueue({
      queue: queues.feedback,
      poison: queues['feedback-poison'],
      kind: 'feedback',
    }),
    feedbackAnswers: new TableResponseStore(tables.feedback, rowFormat('feedback')),
    sealState,
    responseSealing: [
      { name: 'responses', sealing: new TableResponseSealing({ table: tables.responses, name: 'responses', keys }) },
      { name: 'feedback', sealing: new TableResponseSealing({ table: tables.feedback, name: 'feedback', keys }) },
    ],
    wavePurge: new TableWavePurge({ responses: tables.responses, answered: tables.answered }),
    casePurge: new TableCasePurge({ cases: tables.cases, casemessages: tables.casemessages }),
    batchPurge: new TableBatchPurge({ deliveries: tables.deliveries, cards: tables.cards }),
    auditPurge: new TableAuditPurge({ table: tables.audit, chain }),
    actionsPurge: new TableActionsPurge({
      deliveries: tables.deliveries,
      cards: tables.cards,
      feedback: tables.feedback,
    }),
  };
}
