/**
 * How a request's status reads in the queue. The server has one status for a request closed without a
 * decision, `cancelled`; the console says "withdrawn" when its requester closed it themselves, and
 * otherwise (the requester stopped being an admin) "cancelled", the reason saying why.
 */
export interface RequestStatusFacts {
  status: string;
  requestedBy: { id: string | null };
  decidedBy: { id: string | null } | null;
}

export function statusLabel(request: RequestStatusFacts): string {
  const byRequester = request.decidedBy?.id != null && request.decidedBy.id === request.requestedBy.id;
  return request.status === 'cancelled' && byRequester ? 'withdrawn' : request.status;
}
