import { Alert, Anchor, Breadcrumbs, Button, Group, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import { keys, useResults, useSample } from '../../api/queries';
import type { AnalyteGroup, SampleDetail, SampleResults } from '../../api/types';
import { SampleStatusBadge, VerdictBadge } from '../../components/badges';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { QueryState } from '../../components/QueryState';
import { notifyError, notifySuccess } from '../../lib/notify';
import { clearDraft, loadDraft, saveDraft } from './drafts';
import {
  blankRow,
  buildPayload,
  dirtyGroups,
  MISSING_ROWS_SHOWN,
  missingRows,
  pasteBlock,
  placeErrors,
  rowsFromResults,
  type Column,
  type GridRow,
  type PlacedErrors,
} from './grid-model';
import { ResultsGrid } from './ResultsGrid';
import { UnsavedChangesGuard } from './UnsavedChangesGuard';
import { useAnalyteVocabulary } from './use-vocabulary';

const NO_ERRORS: PlacedErrors = { cells: new Map(), groups: new Map(), other: [] };

export default function ResultsEntryPage() {
  const { id = '' } = useParams();
  const sample = useSample(id);
  const results = useResults(id);
  const vocabulary = useAnalyteVocabulary();
  if (vocabulary.isPending) return <PageLoader />;
  return (
    <QueryState query={sample} label="Loading sample">
      {(s) => (
        <QueryState query={results} label="Loading results">
          {(r) => <ResultsEditor key={`${s.id}:${r.version}`} sample={s} results={r} vocabulary={vocabulary.data ?? null} />}
        </QueryState>
      )}
    </QueryState>
  );
}

function ResultsEditor({ sample, results, vocabulary }: { sample: SampleDetail; results: SampleResults; vocabulary: Parameters<typeof rowsFromResults>[1] }) {
  const qc = useQueryClient();
  const [initial, setInitial] = useState(() => rowsFromResults(results, vocabulary));
  const [draft] = useState(() => loadDraft(sample.id, results.version));
  const [rows, setRows] = useState<GridRow[]>(() => draft ?? initial);
  const [restored, setRestored] = useState(draft !== null);
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const [reason, setReason] = useState('');
  const [expanded, setExpanded] = useState<Set<AnalyteGroup>>(new Set());
  const open = sample.status === 'received' || sample.status === 'in_testing';
  const hiddenMissing = useMemo(
    () =>
      new Map(
        results.groups
          .filter((g) => g.missingAnalytes.length > MISSING_ROWS_SHOWN && !expanded.has(g.group as AnalyteGroup))
          .map((g) => [g.group as AnalyteGroup, g.missingAnalytes.length]),
      ),
    [results.groups, expanded],
  );
  const dirty = useMemo(() => dirtyGroups(rows, initial), [rows, initial]);

  useEffect(() => {
    if (dirty.size > 0) saveDraft(sample.id, results.version, rows);
    else clearDraft(sample.id, results.version);
  }, [rows, dirty, sample.id, results.version]);

  const save = useMutation({
    mutationFn: () => {
      const { body, rowAt, groupAt } = buildPayload(rows, dirty, reason);
      return call<SampleResults>(api.PUT('/v1/samples/{id}/results', { params: { path: { id: sample.id } }, body })).catch((e) => {
        if (e instanceof ApiError && e.fieldErrors.length > 0) setErrors(placeErrors(e.fieldErrors, rowAt, groupAt));
        throw e;
      });
    },
    onSuccess: (fresh) => {
      notifySuccess(`Saved ${dirty.size} group(s) of ${sample.labCode}`, 'Results saved');
      clearDraft(sample.id, results.version);
      const next = rowsFromResults(fresh, vocabulary);
      setInitial(next);
      setRows(next);
      setErrors(NO_ERRORS);
      setReason('');
      qc.setQueryData(keys.results(sample.id), fresh);
      qc.invalidateQueries({ queryKey: keys.samples });
    },
    onError: (e) => notifyError(e, 'Nothing was saved'),
  });

  const clearCellError = (key: string, column: Column) => {
    const cell = errors.cells.get(key);
    if (!cell?.[column]) return;
    const cells = new Map(errors.cells);
    cells.set(key, { ...cell, [column]: undefined });
    setErrors({ ...errors, cells });
  };

  return (
    <>
      <Breadcrumbs mb="xs" aria-label="Breadcrumb">
        <Anchor component={Link} to="/worklist" size="sm">
          Worklist
        </Anchor>
        <Anchor component={Link} to={`/samples/${sample.id}`} size="sm">
          {sample.labCode}
        </Anchor>
        <Text size="sm">Results entry</Text>
      </Breadcrumbs>
      <PageHeader
        title={
          <>
            Results · {sample.labCode} <SampleStatusBadge status={sample.status} /> <VerdictBadge status={results.status} />
          </>
        }
        subtitle={`${sample.name} · ${sample.productType} · Tab and Enter move between cells; paste a column from a spreadsheet; ND, <LOQ or >ULOQ may be typed as the value.`}
        actions={
          <>
            <Button
              variant="default"
              disabled={dirty.size === 0 || save.isPending}
              onClick={() => {
                setRows(initial);
                setErrors(NO_ERRORS);
              }}
            >
              Discard changes
            </Button>
            <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!open || dirty.size === 0}>
              Save {dirty.size > 0 ? `${dirty.size} group(s)` : ''}
            </Button>
          </>
        }
      />
      {!open && (
        <Alert color="gray" mb="md" title="Read only">
          This sample is {sample.status.replace('_', ' ')}; results change only while it is received or in testing.
        </Alert>
      )}
      {restored && dirty.size > 0 && (
        <Alert color="yellow" mb="md" title="Unsaved changes restored" withCloseButton onClose={() => setRestored(false)}>
          Your unsaved edits from before were kept in this tab. Save them, or{' '}
          <Anchor
            component="button"
            onClick={() => {
              setRows(initial);
              setRestored(false);
            }}
          >
            discard them
          </Anchor>
          .
        </Alert>
      )}
      {save.error && (
        <Alert color="red" mb="md" title="Nothing was saved" role="alert">
          {errorMessage(save.error)}
          {errors.other.map((o) => (
            <div key={o}>{o}</div>
          ))}
        </Alert>
      )}
      <Group mb="sm" align="flex-end">
        <TextInput
          label="Reason for the change (kept in the audit trail)"
          placeholder="Optional, e.g. re-injection after calibration check"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          w={480}
          maw="100%"
          disabled={!open}
        />
      </Group>
      <ResultsGrid
        rows={rows}
        errors={errors}
        readOnly={!open}
        analyteSuggestions={(vocabulary ?? []).filter((v) => !v.computed).map((v) => v.name)}
        onChange={(key, column, value) => {
          setRows((rs) => rs.map((r) => (r.key === key ? { ...r, [column]: value } : r)));
          clearCellError(key, column);
        }}
        onPaste={(key, column, block) => setRows((rs) => pasteBlock(rs, key, column, block))}
        onAddRow={(group: AnalyteGroup) =>
          setRows((rs) => {
            const last = rs.map((r) => r.group).lastIndexOf(group);
            const out = [...rs];
            out.splice(last + 1, 0, blankRow(group));
            return out;
          })
        }
        onRemoveRow={(key) => setRows((rs) => rs.filter((r) => r.key !== key))}
        hiddenMissing={hiddenMissing}
        onAddMissing={(group) => {
          const ids = results.groups.find((g) => g.group === group)?.missingAnalytes ?? [];
          setExpanded((e) => new Set(e).add(group));
          setRows((rs) => {
            const last = rs.map((r) => r.group).lastIndexOf(group);
            const out = [...rs];
            out.splice(last + 1, 0, ...missingRows(group, ids, vocabulary));
            return out;
          });
        }}
      />
      <UnsavedChangesGuard when={dirty.size > 0 && !save.isPending} />
    </>
  );
}
