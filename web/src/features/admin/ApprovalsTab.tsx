import { Badge, Button, Group, Modal, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { keys } from '../../api/queries';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/dates';
import { notifyError, notifySuccess } from '../../lib/notify';
import {
  approvalKeys,
  approveRequest,
  KIND_LABEL,
  rejectRequest,
  useApprovals,
  withdrawRequest,
  type ApprovalRequest,
  type ApprovalStatus,
  type OneTimeSecret,
} from './approvals';
import { statusLabel } from './approval-status';
import { subjectOfSummary, summaryForRequester } from './approval-summary';
import { TemporaryPasswordNotice } from './UserAccess';

interface ShownSecret {
  summary: string;
  secret: OneTimeSecret;
}

const STATUS_COLOR: Record<ApprovalStatus, string> = { pending: 'yellow.4', approved: 'green.8', rejected: 'red.8', cancelled: 'gray.6' };

/** Requests that need a second admin: a role grant, a rule set to put in force. Nobody decides their own. */
export function ApprovalsTab() {
  const [status, setStatus] = useState<ApprovalStatus | 'all'>('pending');
  const approvals = useApprovals(status);
  // The temporary password an approval makes (a reset of power, a grant of manager or admin) comes back to
  // the approving admin only, once; held here because the approved row leaves the pending list. Closing the
  // dialog forgets it.
  const [shown, setShown] = useState<ShownSecret | null>(null);
  return (
    <Stack>
      {shown && (
        <Modal opened onClose={() => setShown(null)} title={summaryForRequester(shown.summary)} size="lg" closeOnClickOutside={false}>
          <TemporaryPasswordNotice
            forWhom={subjectOfSummary(shown.summary)}
            password={{ temporaryPassword: shown.secret.value, expiresAt: shown.secret.expiresAt }}
            onDone={() => setShown(null)}
          />
        </Modal>
      )}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Granting the manager or admin role, resetting a manager’s or admin’s password and putting an uploaded limit, panel or method set in force need a
          second admin. Your own requests wait for another admin; you may withdraw them until then, and they are cancelled if you stop being an admin. Approving
          a grant or a reset shows you, once, a new temporary password to hand to the person.
        </Text>
        <SegmentedControl
          size="xs"
          aria-label="Which requests"
          value={status}
          onChange={(v) => setStatus(v as ApprovalStatus | 'all')}
          data={[
            { value: 'pending', label: 'Pending' },
            { value: 'all', label: 'All' },
          ]}
        />
      </Group>
      <QueryState
        query={approvals}
        isEmpty={(list) => list.length === 0}
        empty={status === 'pending' ? 'Nothing waits for approval.' : 'No requests yet.'}
        label="Loading approvals"
      >
        {(list) => (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" aria-label="Approval requests">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Request</Table.Th>
                  <Table.Th>Asked by</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th aria-label="Decision" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((a) => (
                  <ApprovalRow key={a.id} request={a} onSecret={setShown} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Stack>
  );
}

function ApprovalRow({ request, onSecret }: { request: ApprovalRequest; onSecret: (shown: ShownSecret) => void }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {request.summary}
        </Text>
        <Text size="xs" c="dimmed">
          {KIND_LABEL[request.kind] ?? request.kind}
          {request.kind === 'rule_set_activation' && request.subjectType ? ` · ${request.subjectType.replace(/_/g, ' ')}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{request.requestedBy.label}</Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(request.requestedAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={STATUS_COLOR[request.status]} autoContrast>
          {statusLabel(request)}
        </Badge>
        {request.decidedBy && (
          <Text size="xs" c="dimmed">
            by {request.decidedBy.label}
            {request.decidedAt ? `, ${formatDateTime(request.decidedAt)}` : ''}
          </Text>
        )}
        {request.reason && (
          <Text size="xs" c="dimmed">
            “{request.reason}”
          </Text>
        )}
      </Table.Td>
      <Table.Td>{request.status === 'pending' && <Decision request={request} onSecret={onSecret} />}</Table.Td>
    </Table.Tr>
  );
}

/** After a decision or a withdrawal: the queue, and what it was about (a user's role, the limit set in force). */
function useRefreshAfterDecision() {
  const qc = useQueryClient();
  return (a: ApprovalRequest, title: string) => {
    notifySuccess(summaryForRequester(a.summary), title);
    return Promise.all([
      qc.invalidateQueries({ queryKey: approvalKeys.all }),
      qc.invalidateQueries({ queryKey: keys.users }),
      qc.invalidateQueries({ queryKey: keys.limitSets }),
      qc.invalidateQueries({ queryKey: ['method-sets'] }),
    ]);
  };
}

/** Approve, or reject with a reason; for one's own request a withdrawal, for a grant to oneself only a note. */
function Decision({ request, onSecret }: { request: ApprovalRequest; onSecret: (shown: ShownSecret) => void }) {
  const refresh = useRefreshAfterDecision();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const done = async (a: ApprovalRequest) => {
    await refresh(a, a.status === 'approved' ? 'Approved' : 'Rejected');
  };
  const approve = useMutation({
    mutationFn: () => approveRequest(request.id),
    onSuccess: async (a) => {
      if (a.oneTimeSecret) onSecret({ summary: a.summary, secret: a.oneTimeSecret });
      await done(a);
    },
    onError: (e) => notifyError(e, 'Not approved'),
  });
  const reject = useMutation({
    mutationFn: () => rejectRequest(request.id, reason.trim()),
    onSuccess: done,
    onError: (e) => notifyError(e, 'Not rejected'),
  });

  if (!request.youMayDecide && request.youMayWithdraw) return <Withdrawal request={request} />;
  if (!request.youMayDecide) {
    return (
      <Text size="xs" c="dimmed" maw={220}>
        Another admin decides this one.
      </Text>
    );
  }
  if (rejecting) {
    return (
      <ReasonForm
        label={`Reason to reject: ${request.summary}`}
        action="Reject"
        color="red"
        cancel="Cancel"
        reason={reason}
        onReason={setReason}
        pending={reject.isPending}
        onSubmit={() => reject.mutate()}
        onCancel={() => setRejecting(false)}
      />
    );
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <Button size="xs" onClick={() => approve.mutate()} loading={approve.isPending} aria-label={`Approve: ${request.summary}`}>
        Approve
      </Button>
      <Button size="xs" variant="light" color="red" onClick={() => setRejecting(true)} aria-label={`Reject: ${request.summary}`}>
        Reject…
      </Button>
    </Group>
  );
}

/** One's own pending request: another admin decides it, but the requester may take it back, with a reason. */
function Withdrawal({ request }: { request: ApprovalRequest }) {
  const refresh = useRefreshAfterDecision();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () => withdrawRequest(request.id, reason.trim()),
    onSuccess: (a) => refresh(a, 'Withdrawn'),
    onError: (e) => notifyError(e, 'Not withdrawn'),
  });
  if (!open) {
    return (
      <Group gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" maw={180}>
          Another admin decides this one.
        </Text>
        <Button size="xs" variant="light" color="gray" onClick={() => setOpen(true)} aria-label={`Withdraw: ${request.summary}`}>
          Withdraw…
        </Button>
      </Group>
    );
  }
  return (
    <ReasonForm
      label={`Reason to withdraw: ${request.summary}`}
      action="Withdraw"
      color="gray"
      cancel="Keep"
      reason={reason}
      onReason={setReason}
      pending={withdraw.isPending}
      onSubmit={() => withdraw.mutate()}
      onCancel={() => setOpen(false)}
    />
  );
}

/** A one-line reason with its action (reject, withdraw) and a way back; the action waits for a reason. */
function ReasonForm(props: {
  label: string;
  action: string;
  color: string;
  cancel: string;
  reason: string;
  onReason: (reason: string) => void;
  pending: boolean;
  onSubmit: () => void;
  onCancel: () => void;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (props.reason.trim()) props.onSubmit();
  };
  return (
    <form onSubmit={submit}>
      <Group gap="xs" wrap="nowrap">
        <TextInput
          size="xs"
          aria-label={props.label}
          placeholder="Reason"
          value={props.reason}
          onChange={(e) => props.onReason(e.currentTarget.value)}
          autoFocus
        />
        <Button size="xs" color={props.color} type="submit" disabled={!props.reason.trim()} loading={props.pending}>
          {props.action}
        </Button>
        <Button size="xs" variant="subtle" onClick={props.onCancel}>
          {props.cancel}
        </Button>
      </Group>
    </form>
  );
}
