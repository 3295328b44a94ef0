import type { Core } from '../core';
import type { ActionsService } from '../actions';
import type { OutboxService } from '../delivery';
import type { ChannelRegistry } from '../people';
import type { Feature } from '../platform/feature';
import type { ResultsService } from '../results';
import type { NgoReturnService } from '../speak-up';
import { DigestService } from './digest.service';
import { TableDigestState } from './digest.store';

/**
 * The weekly leadership digest, above results, actions and speak-up: each gives its part through its face. It owns
 * no table of its own: its state is a row in the core's `leases`.
 */
export function assembleDigest(
  core: Core,
  deps: {
    registrations: ChannelRegistry;
    outbox: OutboxService;
    results: ResultsService;
    ngo: NgoReturnService;
    actions: ActionsService;
  },
): Feature<DigestService> {
  const { settings, clock, log, config } = core;
  const digest = new DigestService({
    ...{ results: deps.results, registrations: deps.registrations, outbox: deps.outbox },
    ...{ state: new TableDigestState(core.leases), clock, log, view: settings.digestView },
    ...{ speakUp: deps.ngo, actions: deps.actions },
  });
  return {
    api: digest,
    jobs: [{ name: 'digest', schedule: config.results.digestSchedule, run: (tick) => digest.sendWeeklyDigest(tick) }],
  };
}
