import { Alert, Badge, Button, Card, Checkbox, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import { keys, useResults } from '../../api/queries';
import { useSession } from '../../auth/session';
import { VerdictBadge } from '../../components/badges';
import { formatDateTime } from '../../lib/dates';
import { notifyError, notifySuccess } from '../../lib/notify';
import { groupLabel } from '../../lib/vocabulary';
import { contributorReason } from '../review/contributor-check';
import { SignatureDialog } from '../review/SignatureDialog';
import { AMENDMENT_MEANINGS, signedReleaseApi, type SignatureBody } from '../review/signature-api';
import { analysisLine, cellChanged, factsLine, provenanceLine, type DiffCell } from './amendment-diff-model';
import { amendmentKeys, amendmentsApi, type Amendment, type AnalyteChange, type AnalyteSide } from './amendments-api';

const CHANGED = 'var(--mantine-color-yellow-1)';

/**
 * A pending amendment for review: version N beside N+1, analyte by analyte, changed cells
 * highlighted; the reason and who asked. Another manager releases or rejects it; its author may
 * only withdraw it.
 */
export function AmendmentDiff({ amendment, onReleased }: { amendment: Amendment; onReleased: (version: number) => void }) {
  const { session, hasRole } = useSession();
  const [showUnchanged, setShowUnchanged] = useState(false);
  const { diff } = amendment;
  const from = `v${diff.fromVersion}`;
  const to = `v${diff.toVersion}`;
  const isAuthor = session?.id === amendment.requestedBy.id;

  return (
    <Card withBorder data-testid="pending-amendment">
      <Group justify="space-between" align="flex-start" mb="xs">
        <div>
          <Title order={2} size="h4">
            Pending amendment: {from} → {to}{' '}
            <Badge color="yellow.4" autoContrast>
              Pending release
            </Badge>
          </Title>
          <Text size="sm" c="dimmed">
            Requested by {amendment.requestedBy.name} on {formatDateTime(amendment.requestedAt)}. Until another manager releases it, {from} is the certificate
            in force.
          </Text>
        </div>
        <Group gap={6} aria-label="Overall verdict">
          <VerdictBadge status={diff.overall.before} /> → <VerdictBadge status={diff.overall.after} />
        </Group>
      </Group>
      <Text size="sm" mb="sm">
        <Text span fw={600}>
          Reason:{' '}
        </Text>
        {amendment.reason}
      </Text>
      {diff.limitSets?.before && diff.limitSets.after && diff.limitSets.before.id !== diff.limitSets.after.id && (
        <Alert color="yellow" mb="sm" title="Judged under another limit set">
          {from} was judged under {diff.limitSets.before.name}; {to} is judged under {diff.limitSets.after.name} (in force since{' '}
          {diff.limitSets.after.effectiveDate}).
        </Alert>
      )}
      <Group justify="space-between" mb="xs">
        <Text size="sm">
          {diff.counts.changed} changed, {diff.counts.added} added, {diff.counts.removed} removed
        </Text>
        <Checkbox label="Show unchanged analytes" checked={showUnchanged} onChange={(e) => setShowUnchanged(e.currentTarget.checked)} />
      </Group>
      <Stack gap="md">
        {diff.groups.map((g) => (
          <div key={g.group}>
            <Group gap={6} mb={4}>
              <Text fw={600}>{groupLabel(g.group)}</Text>
              <VerdictBadge status={g.before} size="xs" /> → <VerdictBadge status={g.after} size="xs" />
            </Group>
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing={2} fz="sm" withColumnBorders aria-label={`${groupLabel(g.group)} changes`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Analyte</Table.Th>
                    <Table.Th>{from} result</Table.Th>
                    <Table.Th>{from} verdict</Table.Th>
                    <Table.Th>{to} result</Table.Th>
                    <Table.Th>{to} verdict</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {g.analytes
                    .filter((a) => showUnchanged || a.change !== 'unchanged')
                    .map((a) => (
                      <DiffRow key={a.analyte} change={a} />
                    ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </div>
        ))}
      </Stack>
      {hasRole('manager') && <AmendmentActions amendment={amendment} isAuthor={isAuthor} onReleased={onReleased} />}
    </Card>
  );
}

/** A row of the table: the result with its LOD/LOQ and limit, its method and analysed day where they change, whose result it is (another lab's); the verdict. */
function DiffRow({ change: a }: { change: AnalyteChange }) {
  const changed = (cell: DiffCell) => cellChanged(a, cell);
  const tag = a.change === 'added' ? ' (added)' : a.change === 'removed' ? ' (removed)' : '';
  return (
    <Table.Tr c={a.change === 'unchanged' ? 'dimmed' : undefined}>
      <Table.Td>
        {a.name}
        {a.computed ? ' (computed)' : ''}
        {tag}
      </Table.Td>
      <Table.Td bg={changed('value') || a.change === 'removed' ? CHANGED : undefined}>
        {shown(a.before)}
        <Facts text={factsLine(a.before, a)} changed={changed('facts')} />
        <Facts text={analysisLine(a.before, a)} changed={changed('analysis')} testId="analysis-before" />
        <Facts text={provenanceLine(a.before, a, 'before')} changed={changed('provenance')} testId="provenance-before" />
      </Table.Td>
      <Table.Td bg={changed('status') || a.change === 'removed' ? CHANGED : undefined}>
        {a.before ? <VerdictBadge status={a.before.status} size="xs" /> : '—'}
      </Table.Td>
      <Table.Td bg={changed('value') || a.change === 'added' ? CHANGED : undefined} fw={a.change === 'unchanged' ? undefined : 600}>
        {shown(a.after)}
        <Facts text={factsLine(a.after, a)} changed={changed('facts')} />
        <Facts text={analysisLine(a.after, a)} changed={changed('analysis')} testId="analysis-after" />
        <Facts text={provenanceLine(a.after, a, 'after')} changed={changed('provenance')} testId="provenance-after" />
      </Table.Td>
      <Table.Td bg={changed('status') || a.change === 'added' ? CHANGED : undefined}>
        {a.after ? <VerdictBadge status={a.after.status} size="xs" /> : '—'}
      </Table.Td>
    </Table.Tr>
  );
}

/** A line of facts under a result (its LOD/LOQ and limit, or its method and day); marked when the amendment changes them. */
function Facts({ text, changed, testId }: { text: string | null; changed: boolean; testId?: string }) {
  if (text === null) return null;
  return (
    <Text size="xs" c={changed ? undefined : 'dimmed'} fw={changed ? 600 : undefined} data-changed={changed || undefined} data-testid={testId}>
      {text}
    </Text>
  );
}

/** A result as printed: the qualifier (ND, <LOQ) when there is one, else the value with its unit. */
function shown(side: AnalyteSide | null): string {
  if (!side) return '—';
  if (side.qualifier) return side.value ? `${side.qualifier} (${side.value} ${side.unit})` : side.qualifier;
  return side.value === null ? '—' : `${side.value} ${side.unit}`;
}

function AmendmentActions({ amendment, isAuthor, onReleased }: { amendment: Amendment; isAuthor: boolean; onReleased: (version: number) => void }) {
  const qc = useQueryClient();
  const { session } = useSession();
  // Whoever wrote to the pending version (its carried rows included) may neither release nor reject it: the API says who did.
  const pending = useResults(amendment.sampleId, amendment.version, !isAuthor);
  const wrote = isAuthor || !session ? null : contributorReason(pending.data?.contributors, session, 'release or reject it');
  const [closing, setClosing] = useState(false);
  const [signing, setSigning] = useState(false);
  const [reason, setReason] = useState('');
  const refresh = () => {
    qc.invalidateQueries({ queryKey: amendmentKeys.list(amendment.sampleId) });
    qc.invalidateQueries({ queryKey: keys.samples });
    qc.invalidateQueries({ queryKey: ['submissions'] });
  };
  const release = useMutation({
    mutationFn: (signature: SignatureBody) => signedReleaseApi.releaseAmendment(amendment.sampleId, amendment.id, signature),
    onSuccess: (answer) => {
      setSigning(false);
      notifySuccess(`COA version ${answer.version} released (${answer.overall.toUpperCase()})`, 'Amendment released');
      refresh();
      onReleased(answer.version);
    },
    // Any refusal (a wrong password, too many attempts) is shown in the signature dialog.
  });
  const close = useMutation({
    mutationFn: () =>
      isAuthor
        ? amendmentsApi.withdraw(amendment.sampleId, amendment.id, reason.trim())
        : amendmentsApi.reject(amendment.sampleId, amendment.id, reason.trim()),
    onSuccess: (a) => {
      notifySuccess(`Version ${a.version} ${a.status}; version ${a.supersedesVersion} stays in force`, isAuthor ? 'Withdrawn' : 'Rejected');
      refresh();
    },
    onError: (e) => notifyError(e, isAuthor ? 'Not withdrawn' : 'Not rejected'),
  });
  const verb = isAuthor ? 'Withdraw' : 'Reject';

  return (
    <Stack gap="xs" mt="md">
      {isAuthor && (
        <Alert color="gray" title="Another manager must release it">
          You requested this amendment, so you cannot release it. You may withdraw it.
        </Alert>
      )}
      {wrote && (
        <Alert color="gray" title="Another manager must release it" data-testid="amendment-contributor">
          {wrote}
        </Alert>
      )}
      {close.error && (
        <Alert color="red" role="alert" title="Not done">
          {errorMessage(close.error)}
        </Alert>
      )}
      {closing && (
        <Textarea
          label={`Why ${isAuthor ? 'withdraw' : 'reject'} it`}
          description="Kept in the audit trail"
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
        />
      )}
      <Group>
        {!isAuthor && (
          <Button
            color="indigo"
            onClick={() => {
              release.reset();
              setSigning(true);
            }}
            disabled={close.isPending || wrote !== null || pending.isPending}
          >
            Release amendment…
          </Button>
        )}
        {closing ? (
          <>
            <Button color="red" variant="light" onClick={() => close.mutate()} loading={close.isPending} disabled={reason.trim().length < 5}>
              {verb} amendment
            </Button>
            <Button variant="subtle" onClick={() => setClosing(false)}>
              Cancel
            </Button>
          </>
        ) : (
          <Button variant="default" onClick={() => setClosing(true)} disabled={release.isPending || wrote !== null}>
            {verb}…
          </Button>
        )}
      </Group>
      <SignatureDialog
        opened={signing}
        title={`Sign and release version ${amendment.version}`}
        act={`Approving this amendment releases COA version ${amendment.version}, which supersedes version ${amendment.supersedesVersion} for the client and is reported to the state. It cannot be undone.`}
        meanings={AMENDMENT_MEANINGS}
        confirmLabel="Sign and release amendment"
        busy={release.isPending}
        error={release.error}
        onSign={(signature) => release.mutate(signature)}
        onClose={() => setSigning(false)}
      />
    </Stack>
  );
}
