import { Alert, Anchor, Breadcrumbs, Button, Group, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import { keys, useResults, useSample } from '../../api/queries';
import type { AnalyteGroup, SampleDetail, SampleResults } from '../../api/types';
import { SampleStatusBadge, VerdictBadge } from '../../components/badges';
import { groupLabel } from '../../lib/vocabulary';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { QueryState } from '../../components/QueryState';
import { notifyError, notifySuccess } from '../../lib/notify';
import { clearDraft, loadDraft, saveDraft } from './drafts';
import { useEntryTemplate, type EntryTemplate } from './entry-template';
import { GroupMethodFields } from './GroupMethodFields';
import {
  blankRow,
  buildPayload,
  correctedAnalytes,
  dirtyGroups,
  MISSING_ROWS_SHOWN,
  missingRows,
  humanGroups,
  pasteIntoGroup,
  placeErrors,
  rowsFromResults,
  type Column,
  type GridRow,
  type PlacedErrors,
} from './grid-model';
import { changedMeta, figuresOf, metaFromResults, metaPayload, methodsOfGroup, useMethodsInForce, type GroupMeta, type MethodSet } from './methods';
import { judgeLive, methodOf as templateMethod, type LiveGroup } from './live-judgement';
import { ResultsGrid } from './ResultsGrid';
import classes from './ResultsGrid.module.css';
import { optionalAnalyteIds, prefilledRow, refigure, rowsFromTemplate, withDefaultUnits } from './template-rows';
import { UnsavedChangesGuard } from './UnsavedChangesGuard';
import { useAnalyteVocabulary } from './use-vocabulary';

const NO_ERRORS: PlacedErrors = { cells: new Map(), groups: new Map(), other: [] };

export default function ResultsEntryPage() {
  const { id = '' } = useParams();
  const sample = useSample(id);
  const results = useResults(id);
  const vocabulary = useAnalyteVocabulary();
  const methods = useMethodsInForce();
  const template = useEntryTemplate(id);
  if (vocabulary.isPending || methods.isPending || template.isPending) return <PageLoader />;
  return (
    <QueryState query={sample} label="Loading sample">
      {(s) => (
        <QueryState query={results} label="Loading results">
          {(r) => (
            <ResultsEditor
              key={`${s.id}:${r.version}`}
              sample={s}
              results={r}
              vocabulary={vocabulary.data ?? null}
              methodSet={methods.data ?? null}
              // Only open samples are entered into; a released one shows what was judged then, not today's rules.
              template={s.status === 'received' || s.status === 'in_testing' ? (template.data ?? null) : null}
            />
          )}
        </QueryState>
      )}
    </QueryState>
  );
}

function ResultsEditor({
  sample,
  results,
  vocabulary,
  methodSet,
  template,
}: {
  sample: SampleDetail;
  results: SampleResults;
  vocabulary: Parameters<typeof rowsFromResults>[1];
  methodSet: MethodSet | null;
  /** The panel's analytes, methods and limits; null: the grid starts from the results alone and is judged on Save. */
  template: EntryTemplate | null;
}) {
  const qc = useQueryClient();
  // The grid opens with every analyte the panel requires (template), in the method's unit with its LOD and LOQ.
  const startRows = (r: SampleResults, m: Map<AnalyteGroup, GroupMeta>) =>
    template ? rowsFromTemplate(r, template, (g) => m.get(g as AnalyteGroup)?.methodId) : rowsFromResults(r, vocabulary);
  const [initialMeta, setInitialMeta] = useState(() => metaFromResults(results, methodSet));
  const [initial, setInitial] = useState(() => startRows(results, initialMeta));
  const [meta, setMeta] = useState(initialMeta);
  const [draft] = useState(() => loadDraft(sample.id, results.version));
  const [rows, setRows] = useState<GridRow[]>(() => draft ?? initial);
  const [restored, setRestored] = useState(draft !== null);
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const [reason, setReason] = useState('');
  const [expanded, setExpanded] = useState<Set<AnalyteGroup>>(new Set());
  const open = sample.status === 'received' || sample.status === 'in_testing';
  const hiddenMissing = useMemo(
    () =>
      template
        ? new Map<AnalyteGroup, number>()
        : new Map(
            results.groups
              .filter((g) => g.missingAnalytes.length > MISSING_ROWS_SHOWN && !expanded.has(g.group as AnalyteGroup))
              .map((g) => [g.group as AnalyteGroup, g.missingAnalytes.length]),
          ),
    [results.groups, expanded, template],
  );
  const methodIdOf = (group: string) => meta.get(group as AnalyteGroup)?.methodId;
  // Judged while typing by the server's own judgeGroup (@labtrace/rules), against the template's limits.
  const live = useMemo(() => (template ? judgeLive(rows, template, (g) => meta.get(g as AnalyteGroup)?.methodId) : undefined), [rows, template, meta]);
  const dirty = useMemo(() => {
    const groups = dirtyGroups(rows, initial);
    // A new method or day re-sends the group's rows; a group with no rows has nothing to re-send.
    for (const g of changedMeta(meta, initialMeta)) if (rows.some((r) => r.group === g && (r.original || r.value.trim() || r.qualifier.trim()))) groups.add(g);
    return groups;
  }, [rows, initial, meta, initialMeta]);
  // Saved results changed or removed: the API keeps who, when and why, and refuses such a save without a reason.
  const corrected = useMemo(() => correctedAnalytes(rows, initial), [rows, initial]);
  const analyteIdOf = (name: string) => {
    const n = name.trim().toLowerCase();
    return vocabulary?.find((v) => v.name.toLowerCase() === n || v.id === n)?.id;
  };
  const methodOf = (group: AnalyteGroup) => methodsOfGroup(methodSet, group).find((m) => m.methodId === meta.get(group)?.methodId);
  const changeMeta = (group: AnalyteGroup, next: GroupMeta) => {
    const before = meta.get(group);
    setMeta((m) => new Map(m).set(group, next));
    if (before?.methodId === next.methodId) return;
    // Another method brings its own validated LOD and LOQ: the old method's figures give way to the new one's.
    if (template) setRows((rs) => refigure(rs, group, templateMethod(template, group, before?.methodId), templateMethod(template, group, next.methodId)));
    else setRows((rs) => rs.map((r) => (r.group === group && (r.lod || r.loq) ? { ...r, lod: '', loq: '' } : r)));
  };

  useEffect(() => {
    if (dirty.size > 0) saveDraft(sample.id, results.version, rows);
    else clearDraft(sample.id, results.version);
  }, [rows, dirty, sample.id, results.version]);

  const save = useMutation({
    mutationFn: () => {
      const sent = template ? withDefaultUnits(rows, template, methodIdOf) : rows;
      const { body, rowAt, groupAt } = buildPayload(sent, dirty, reason, metaPayload(meta, new Date(), sample.receivedAt));
      return call<SampleResults>(api.PUT('/v1/samples/{id}/results', { params: { path: { id: sample.id } }, body })).catch((e) => {
        if (e instanceof ApiError && e.fieldErrors.length > 0) setErrors(placeErrors(e.fieldErrors, rowAt, groupAt));
        throw e;
      });
    },
    onSuccess: (fresh) => {
      notifySuccess(`Saved ${dirty.size} group(s) of ${sample.labCode}`, 'Results saved');
      clearDraft(sample.id, results.version);
      const nextMeta = metaFromResults(fresh, methodSet);
      const next = startRows(fresh, nextMeta);
      setInitial(next);
      setRows(next);
      setInitialMeta(nextMeta);
      setMeta(nextMeta);
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
        subtitle={`${sample.name} · ${sample.productType} · ${
          template ? 'Every analyte the panel requires is listed with its method’s unit, LOD and LOQ: type the values. ' : ''
        }Tab and Enter move between cells; paste a column of values, or two columns (name and value), from a spreadsheet; ND, <LOQ or >ULOQ may be typed as the value.`}
        actions={
          <>
            <Button
              variant="default"
              disabled={dirty.size === 0 || save.isPending}
              onClick={() => {
                setRows(initial);
                setMeta(initialMeta);
                setErrors(NO_ERRORS);
              }}
            >
              Discard changes
            </Button>
            <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!open || dirty.size === 0 || (corrected.length > 0 && !reason.trim())}>
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
              setMeta(initialMeta);
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
          {humanGroups(errorMessage(save.error))}
          {errors.other.map((o) => (
            <div key={o}>{o}</div>
          ))}
        </Alert>
      )}
      <Group mb="sm" align="flex-end">
        <TextInput
          label="Reason for the change (kept in the audit trail)"
          placeholder={corrected.length > 0 ? 'Required, e.g. re-injection after calibration check' : 'Needed when saved results change'}
          required={corrected.length > 0}
          description={corrected.length > 0 ? `Saved results changed or removed: ${corrected.join(', ')}` : undefined}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          w={480}
          maw="100%"
          disabled={!open}
        />
        <Text size="xs" c="dimmed" maw={560}>
          Each group names the method it was run by and the day it was analysed (both print on the COA). LOD and LOQ left blank come from the method: its
          validated figures show in grey.
        </Text>
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
        onPaste={(key, column, block) => setRows((rs) => pasteIntoGroup(rs, key, column, block))}
        live={live}
        groupSummary={(group) => live?.groups.get(group) && <LiveGroupSummary group={group} summary={live.groups.get(group)!} />}
        groupActions={(group) => {
          const tg = template?.groups.find((g) => g.group === group);
          const method = templateMethod(template, group, methodIdOf(group));
          const extra = tg && template ? optionalAnalyteIds(tg, method, rows) : [];
          if (!template || extra.length === 0) return null;
          return (
            <Button
              size="compact-xs"
              variant="subtle"
              ml="xs"
              onClick={() =>
                setRows((rs) => {
                  const last = rs.map((r) => r.group).lastIndexOf(group);
                  const out = [...rs];
                  out.splice(last + 1, 0, ...extra.map((a) => prefilledRow(template, group, a, method, false)));
                  return out;
                })
              }
            >
              Add the method's {extra.length} other analyte{extra.length === 1 ? '' : 's'}
            </Button>
          );
        }}
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
        groupExtra={(group) => (
          <GroupMethodFields
            group={group}
            meta={meta.get(group) ?? { methodId: '', analysedOn: '' }}
            methods={methodsOfGroup(methodSet, group)}
            readOnly={!open}
            receivedAt={sample.receivedAt}
            onChange={(next) => changeMeta(group, next)}
          />
        )}
        placeholderFor={(row, column) => {
          if (column === 'unit' && live) return live.rows.get(row.key)?.unit || undefined;
          if (column !== 'lod' && column !== 'loq') return undefined;
          const figures = figuresOf(methodOf(row.group), analyteIdOf(row.analyte));
          const figure = figures?.[column];
          if (!figure) return undefined;
          return !row.unit.trim() || row.unit.trim() === figures.unit ? figure : `${figure} ${figures.unit}`;
        }}
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

/** A group's live verdict and what keeps it from passing: how many required analytes have no value yet. */
function LiveGroupSummary({ group, summary }: { group: AnalyteGroup; summary: LiveGroup }) {
  const label = groupLabel(group);
  const entered = summary.required - summary.missing.length;
  return (
    <span className={classes.groupSummary} data-group-status={summary.status} data-missing={summary.missing.length} title={humanGroups(summary.reason)}>
      <span className={classes.srOnly}>{label}, judged as typed:</span>
      <VerdictBadge status={summary.status} size="xs" />
      {summary.missing.length > 0 ? (
        <Text span size="xs" fw={700} c="red.9" data-testid={`missing-count-${group}`}>
          {summary.missing.length} of {summary.required} required missing
        </Text>
      ) : summary.required > 0 ? (
        <Text span size="xs" c="dimmed">
          all {entered} required entered
        </Text>
      ) : summary.reason === 'No results.' ? (
        <Text span size="xs" fw={600}>
          no results yet: report the profile
        </Text>
      ) : null}
      {summary.problems > 0 && (
        <Text span size="xs" fw={700} c="red.9">
          {summary.problems} row{summary.problems === 1 ? '' : 's'} to check
        </Text>
      )}
      {summary.totals
        .filter((t) => t.value !== null || t.qualifier !== null)
        .map((t) => (
          <Text span size="xs" key={t.analyte}>
            {t.name} {t.qualifier ?? `${t.value} ${t.unit}`}
          </Text>
        ))}
      {summary.error && (
        <Text span size="xs" c="red.9">
          {humanGroups(summary.error)}
        </Text>
      )}
    </span>
  );
}
