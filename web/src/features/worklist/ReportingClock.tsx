import { Badge, Tooltip } from '@mantine/core';
import type { Submission } from '../../api/types';
import { describeDeadline, formatDateTime } from '../../lib/dates';

const REPORTING_WINDOW_MS = 48 * 3_600_000;

/**
 * NY requires results in the state system within 48 hours of release. Shows what is left of that
 * window, or that the report went through, or that it is stuck (dead letter).
 */
export function ReportingClock({ releasedAt, submission, now }: { releasedAt: string | null; submission?: Submission; now: number }) {
  if (!releasedAt) return null;
  if (submission?.status === 'delivered') {
    return (
      <Tooltip label={`Delivered ${formatDateTime(submission.deliveredAt)}`}>
        <Badge color="green" variant="light">
          Reported
        </Badge>
      </Tooltip>
    );
  }
  const deadline = submission?.deadlineAt ?? new Date(new Date(releasedAt).getTime() + REPORTING_WINDOW_MS).toISOString();
  const d = describeDeadline(deadline, now);
  const color = submission?.status === 'dead' || d.overdue ? 'red' : d.hoursLeft < 12 ? 'orange' : 'gray';
  const label = submission?.status === 'dead' ? `Delivery failed · ${d.text}` : d.text;
  return (
    <Tooltip label={`Due ${formatDateTime(deadline)}`}>
      <Badge color={color} variant="light" className="num">
        {label}
      </Badge>
    </Tooltip>
  );
}
