/** The BullMQ queue that carries outbox deliveries; the database row, not the job, is the truth. */
export const DELIVERY_QUEUE = 'biotrack-delivery';

export interface DeliveryJob {
  submissionId: string;
}

/** One job per submission attempt: re-adding the same attempt (sweeper, restart) is a no-op. */
export function deliveryJobId(submissionId: string, attempts: number): string {
  return `deliver-${submissionId}-${attempts}`;
}
