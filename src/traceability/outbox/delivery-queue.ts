/** The BullMQ queue that carries outbox deliveries; the database row, not the job, is the truth. */
export const DELIVERY_QUEUE = 'biotrack-delivery';

/** The API's (and the sweeper's) fail-fast producer for that queue; see src/queue/queue-producer.ts. */
export const DELIVERY_PRODUCER = Symbol('DELIVERY_PRODUCER');

export interface DeliveryJob {
  submissionId: string;
}

/**
 * One job per submission attempt: re-adding the same attempt is a no-op. The sweeper adds its round,
 * so a row whose job died with a killed worker is enqueued again at once; a duplicate job is harmless
 * because delivery claims the row (SKIP LOCKED) and follows its committed state.
 */
export function deliveryJobId(submissionId: string, attempts: number, sweepRound?: number): string {
  return sweepRound === undefined ? `deliver-${submissionId}-${attempts}` : `deliver-${submissionId}-${attempts}-sweep-${sweepRound}`;
}
