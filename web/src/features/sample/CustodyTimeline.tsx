import { Text, Timeline } from '@mantine/core';
import type { CustodyEntry } from '../../api/types';
import { sampleStatusLabel } from '../../components/badges';
import { formatDateTime } from '../../lib/dates';

const KIND_LABEL: Record<string, string> = {
  announced: 'Announced',
  received: 'Received',
  rejected: 'Rejected',
  moved: 'Moved',
  sub_sampled: 'Sub-sampled',
  retained: 'Retained',
  disposed: 'Disposed',
};

function title(e: CustodyEntry): string {
  const to = e.details?.to;
  if (e.kind === 'status_changed' && typeof to === 'string') return `Status: ${sampleStatusLabel(to)}`;
  return KIND_LABEL[e.kind] ?? e.kind.replace(/_/g, ' ');
}

export function CustodyTimeline({ events }: { events: CustodyEntry[] }) {
  if (events.length === 0) return <Text c="dimmed">No custody events.</Text>;
  return (
    <Timeline active={events.length - 1} bulletSize={14} lineWidth={2} aria-label="Chain of custody">
      {events.map((e) => (
        <Timeline.Item key={e.id} title={title(e)}>
          <Text size="xs" c="dimmed">
            {formatDateTime(e.at)} · {e.actor}
          </Text>
          {(e.location || e.quantity) && <Text size="sm">{[e.location, e.quantity && `${e.quantity} ${e.unit ?? ''}`].filter(Boolean).join(' · ')}</Text>}
          {e.note && <Text size="sm">{e.note}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
