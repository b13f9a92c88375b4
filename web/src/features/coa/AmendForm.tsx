import { Alert, Button, Card, Group, MultiSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import type { AnalyteGroup, SampleResults } from '../../api/types';
import { notifyError, notifySuccess } from '../../lib/notify';
import { groupLabel } from '../../lib/vocabulary';
import { blankRow, buildPayload, dirtyGroups, pasteBlock, placeErrors, rowsFromResults, type GridRow, type PlacedErrors } from '../results/grid-model';
import { GroupMethodFields } from '../results/GroupMethodFields';
import { changedMeta, metaFromResults, metaPayload, methodsOfGroup, useMethodsInForce, type GroupMeta } from '../results/methods';
import { ResultsGrid } from '../results/ResultsGrid';
import { amendmentKeys, amendmentsApi, type Amendment } from './amendments-api';

const NO_ERRORS: PlacedErrors = { cells: new Map(), groups: new Map(), other: [] };

/**
 * Requests a new COA version: the manager says why (printed on the certificate) and changes the
 * results of some groups; the others are carried over from the current version by the API. The
 * request is pending until another manager releases it; the current version stays in force.
 */
export function AmendForm({
  sampleId,
  current,
  receivedAt,
  onAmended,
}: {
  sampleId: string;
  current: SampleResults;
  receivedAt?: string | null;
  onAmended: (a: Amendment) => void;
}) {
  const qc = useQueryClient();
  const all = useMemo(() => rowsFromResults(current, null), [current]);
  const [groups, setGroups] = useState<AnalyteGroup[]>([]);
  const [rows, setRows] = useState<GridRow[]>(all);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const methods = useMethodsInForce();
  // Each group keeps the method and analysed day of the version amended unless they are changed here.
  const storedMeta = useMemo(() => metaFromResults(current, methods.data), [current, methods.data]);
  const [metaEdits, setMetaEdits] = useState<Map<AnalyteGroup, GroupMeta>>(new Map());
  const meta = new Map([...storedMeta, ...metaEdits]);
  const chosen = new Set(groups);
  const visible = rows.filter((r) => chosen.has(r.group));
  const changed = dirtyGroups(
    visible,
    all.filter((r) => chosen.has(r.group)),
  );
  for (const g of changedMeta(meta, storedMeta)) if (chosen.has(g)) changed.add(g);

  const amend = useMutation({
    mutationFn: () => {
      const { body, rowAt, groupAt } = buildPayload(rows, new Set(groups), '', metaPayload(meta, new Date(), receivedAt));
      return amendmentsApi.request(sampleId, { amendsVersion: current.version, reason: reason.trim(), results: body.groups }).catch((e) => {
        if (e instanceof ApiError)
          setErrors(
            placeErrors(
              e.fieldErrors.map((f) => ({ ...f, field: f.field.replace(/^results\[/, 'groups[') })),
              rowAt,
              groupAt,
            ),
          );
        throw e;
      });
    },
    onSuccess: (amendment) => {
      notifySuccess(`Version ${amendment.version} waits for another manager to release it`, 'Amendment requested');
      qc.invalidateQueries({ queryKey: amendmentKeys.list(sampleId) });
      setErrors(NO_ERRORS);
      setReason('');
      setGroups([]);
      setMetaEdits(new Map());
      onAmended(amendment);
    },
    onError: (e) => notifyError(e, 'Amendment not requested'),
  });

  const reasonError =
    errors.other.find((o) => o.startsWith('reason')) ??
    (amend.error instanceof ApiError ? amend.error.fieldErrors.find((f) => f.field === 'reason')?.message : undefined);

  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        Amend this COA (version {current.version})
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        The amendment is pending until another manager, who entered none of its results, releases it. Until then version {current.version} stays the certificate
        in force.
      </Text>
      <Stack>
        <Textarea
          label="Reason for the amendment"
          description="Printed on the new COA and kept in the audit trail (at least 10 characters)"
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={reasonError}
          autosize
          minRows={2}
        />
        <MultiSelect
          label="Groups whose results change"
          data={current.groups.map((g) => ({ value: g.group, label: groupLabel(g.group) }))}
          value={groups}
          onChange={(v) => setGroups(v as AnalyteGroup[])}
          placeholder="Choose one or more groups"
        />
        {groups.length > 0 && (
          <ResultsGrid
            rows={visible}
            errors={errors}
            readOnly={false}
            analyteSuggestions={[]}
            onChange={(key, column, value) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, [column]: value } : r)))}
            onPaste={(key, column, block) => setRows((rs) => pasteBlock(rs, key, column, block))}
            onAddRow={(group) => setRows((rs) => [...rs, blankRow(group)])}
            onRemoveRow={(key) => setRows((rs) => rs.filter((r) => r.key !== key))}
            groupExtra={(group) => (
              <GroupMethodFields
                group={group}
                meta={meta.get(group) ?? { methodId: '', analysedOn: '' }}
                methods={methodsOfGroup(methods.data, group)}
                readOnly={false}
                receivedAt={receivedAt}
                onChange={(next) => setMetaEdits((m) => new Map(m).set(group, next))}
              />
            )}
          />
        )}
        {amend.error && (
          <Alert color="red" title="Amendment not requested" role="alert">
            {errorMessage(amend.error)}
          </Alert>
        )}
        <Group>
          <Button onClick={() => amend.mutate()} loading={amend.isPending} disabled={reason.trim().length < 10 || changed.size === 0}>
            Request amendment
          </Button>
          <Text size="xs" c="dimmed">
            {changed.size === 0 ? 'Change at least one result.' : `${changed.size} group(s) changed.`}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}
