import { Badge } from '@mantine/core';

const SAMPLE_STATUS: Record<string, { label: string; color: string }> = {
  pending: { label: 'Pending', color: 'gray' },
  received: { label: 'Received', color: 'blue' },
  rejected: { label: 'Rejected', color: 'red' },
  in_testing: { label: 'In testing', color: 'cyan' },
  submitted: { label: 'Submitted', color: 'violet' },
  released: { label: 'Released', color: 'green' },
};

export const SAMPLE_STATUS_ORDER = ['pending', 'received', 'in_testing', 'submitted', 'released', 'rejected'] as const;

export function sampleStatusLabel(status: string): string {
  return SAMPLE_STATUS[status]?.label ?? status;
}

export function SampleStatusBadge({ status }: { status: string }) {
  const s = SAMPLE_STATUS[status] ?? { label: status, color: 'gray' };
  return (
    <Badge variant="light" color={s.color}>
      {s.label}
    </Badge>
  );
}

const VERDICT: Record<string, { label: string; color: string; variant: 'filled' | 'light' | 'outline' }> = {
  pass: { label: 'PASS', color: 'green.8', variant: 'filled' },
  fail: { label: 'FAIL', color: 'red.9', variant: 'filled' },
  incomplete: { label: 'INCOMPLETE', color: 'yellow.4', variant: 'filled' },
  // An analyte whose result cannot be judged (an LOQ above the limit, a missing LOQ): never a pass.
  inconclusive: { label: 'INCONCLUSIVE', color: 'orange.8', variant: 'filled' },
  report_only: { label: 'REPORTED', color: 'gray', variant: 'outline' },
  no_limit: { label: 'TESTED', color: 'gray', variant: 'outline' },
};

/** PASS / FAIL / INCOMPLETE chips for a sample, a group or an analyte. */
export function VerdictBadge({ status, size = 'sm' }: { status: string | null | undefined; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  if (!status) return null;
  const v = VERDICT[status] ?? { label: status.toUpperCase(), color: 'gray', variant: 'outline' as const };
  return (
    <Badge color={v.color} variant={v.variant} size={size} autoContrast>
      {v.label}
    </Badge>
  );
}
