/**
 * The life of a sample, enforced in one place. `released` samples gain COA versions through
 * amendments without leaving `released`; each version is its own record in the results module.
 */
export const SAMPLE_STATUSES = ['pending', 'received', 'rejected', 'in_testing', 'submitted', 'released'] as const;
export type SampleStatus = (typeof SAMPLE_STATUSES)[number];

const TRANSITIONS: Record<SampleStatus, readonly SampleStatus[]> = {
  pending: ['received', 'rejected'],
  received: ['in_testing', 'submitted'],
  in_testing: ['submitted'],
  // A manager may send a submitted sample back for correction instead of releasing it.
  submitted: ['released', 'in_testing'],
  released: [],
  rejected: [],
};

export function canTransition(from: SampleStatus, to: SampleStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Results may be entered or imported while the sample is in the lab's hands and not yet submitted. */
export function acceptsResults(status: SampleStatus): boolean {
  return status === 'received' || status === 'in_testing';
}
