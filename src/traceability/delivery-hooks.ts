/**
 * What the outbox and delivery need from the rest of LabTrace, declared here so that traceability
 * imports none of its callers. Certificates implements it; the composition root binds it.
 */
export const DELIVERY_HOOKS = Symbol('DELIVERY_HOOKS');

export interface DeliveryHooks {
  /** The released COA PDF of one version of a sample, attached to the state's result. */
  certificatePdf(sampleId: string, coaVersion: number): Promise<Buffer>;
  /** The report of this version reached the state: licensees' polls and webhooks must learn of it. */
  reportDelivered(sampleId: string, coaVersion: number): Promise<void>;
  /** The report went dead and waits for a manager, or a manager queued it again: licensees' polls must see its new status. */
  reportStatusChanged(sampleId: string, coaVersion: number): Promise<void>;
}
