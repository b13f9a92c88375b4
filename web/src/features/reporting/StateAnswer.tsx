import { Badge, Button, Code, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { Submission } from '../../api/types';
import { notifyError, notifySuccess } from '../../lib/notify';
import type { StateSystem } from './state-system-api';

const STATUS_COLOR: Record<string, string> = { pending: 'blue', delivered: 'green', dead: 'red', needs_state_action: 'orange', superseded: 'gray' };

export function submissionStatusLabel(status: string, system: StateSystem): string {
  if (status === 'needs_state_action') return `needs action in ${system.name}`;
  // A later version of the COA replaced it before it reached the state; that version is sent instead.
  if (status === 'superseded') return 'superseded by a later version';
  return status;
}

export function SubmissionStatusBadge({ status, system }: { status: string; system: StateSystem }) {
  return (
    <Badge color={STATUS_COLOR[status] ?? 'gray'} variant="light">
      {submissionStatusLabel(status, system)}
    </Badge>
  );
}

/**
 * What the state's API could not do (a Metrc amendment): the exact steps for a manager, and the
 * button that records they were taken. Nothing claims the state holds it until then.
 */
export function StateActionSteps({ submission, system, canConfirm }: { submission: Submission; system: StateSystem; canConfirm: boolean }) {
  const qc = useQueryClient();
  const done = useMutation({
    mutationFn: () => call<Submission>(api.POST('/v1/biotrack/submissions/{id}/state-action-done', { params: { path: { id: submission.id } } })),
    onSuccess: () => {
      notifySuccess(`Recorded: the steps were taken in ${system.name}`, 'Done');
      qc.invalidateQueries({ queryKey: ['submissions'] });
    },
    onError: (e) => notifyError(e, 'Could not mark it done'),
  });
  if (submission.status !== 'needs_state_action' || !submission.stateAction) return null;
  return (
    <Stack gap={6} align="flex-start">
      <Text size="sm" fw={600}>
        {system.name}&apos;s API cannot take this; a manager must do it in {system.name}:
      </Text>
      <Code block style={{ whiteSpace: 'pre-wrap', width: '100%' }} aria-label={`Steps to take in ${system.name}`}>
        {submission.stateAction}
      </Code>
      {canConfirm && (
        <Button size="xs" color="orange" onClick={() => done.mutate()} loading={done.isPending}>
          Steps taken in {system.name}: mark done
        </Button>
      )}
    </Stack>
  );
}
