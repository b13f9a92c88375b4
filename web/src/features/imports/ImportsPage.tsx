import { Alert, Button, Card, Group, Progress, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import { INSTRUMENT_FORMATS, type CoaImportSummary, type ImportGroupMethod, type InstrumentImportSummary } from '../../api/imports';
import { keys } from '../../api/queries';
import type { SamplePage } from '../../api/types';
import { uploadFile } from '../../api/upload';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { analysedAtField, asksForAnalysisDate } from './analysis-date';
import { notifySuccess } from '../../lib/notify';
import { useMethodsInForce } from '../results/methods';
import type { MappingFields } from './ColumnMappingPanel';
import { CoaPreview } from './CoaPreview';
import { DropArea } from './DropArea';
import { EvidenceBadge, FormatList } from './FormatList';
import { fetchFormats, firstDataRow, readRefusal, type InstrumentFormatView, type Refusal } from './formats';
import { GroupMethodPicker } from './GroupMethodPicker';
import { handRowsOf, reasonBlocker, reasonField } from './hand-rows';
import { InstrumentPreview } from './InstrumentPreview';
import { adoptAnswered, methodsField, withoutMethodWarning, type MethodPicks } from './method-picks';
import { RefusalPanel } from './RefusalPanel';
import { storeBlocker, type PreviewSummary } from './store-check';

type Kind = 'instrument' | 'coa';
type Summary = PreviewSummary;

const ROUTE: Record<Kind, string> = { instrument: '/v1/instrument-imports', coa: '/v1/coa-imports' };
const FORMATS_KEY = ['instrument-imports', 'formats'] as const;
const MAPPINGS_KEY = ['instrument-imports', 'mappings'] as const;

export default function ImportsPage() {
  const qc = useQueryClient();
  const [kind, setKind] = useState<Kind>('instrument');
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<string | null>(null);
  const [sampleId, setSampleId] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<unknown>(null);
  // A refused instrument file stays explained (and its columns mappable) until a file is read or replaced.
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [examples, setExamples] = useState<string[]>([]);
  const [instrument, setInstrument] = useState<string | null>(null);
  const [oneOffMapping, setOneOffMapping] = useState<string | null>(null);
  // The groups the file carries (from its last answer, kept through a refused preview so a pick can be corrected) and the method picked for each.
  const [fileGroups, setFileGroups] = useState<ImportGroupMethod[]>([]);
  const [picks, setPicks] = useState<MethodPicks>({});
  // The day an undated file's run was analysed (asked for when the preview says the file states none).
  const [analysedAt, setAnalysedAt] = useState('');
  // Why the file may change results written by hand or by an amendment (asked for when the preview lists such rows).
  const [reason, setReason] = useState('');
  const methodSet = useMethodsInForce();
  const { hasRole } = useSession();
  const formats = useQuery({ queryKey: FORMATS_KEY, enabled: kind === 'instrument', staleTime: Infinity, retry: false, queryFn: fetchFormats });
  const mappings = useQuery({
    queryKey: MAPPINGS_KEY,
    enabled: kind === 'instrument',
    retry: false,
    queryFn: () => call<Array<{ instrument: string }>>(api.GET('/v1/instrument-imports/mappings/instruments')),
  });
  const formatViews: InstrumentFormatView[] = formats.data ?? [];
  const openSamples = useQuery({
    queryKey: keys.sampleList({ status: ['received', 'in_testing'], imports: true }),
    enabled: kind === 'coa',
    queryFn: () => call<SamplePage>(api.GET('/v1/samples', { params: { query: { status: ['received', 'in_testing'], limit: 200 } } })),
  });

  function reset(nextKind: Kind = kind) {
    setKind(nextKind);
    setFile(null);
    setSummary(null);
    setError(null);
    setProgress(null);
    setRefusal(null);
    setOneOffMapping(null);
    setFileGroups([]);
    setPicks({});
    setAnalysedAt('');
    setReason('');
  }

  async function send(
    f: File,
    dryRun: boolean,
    mapped: { instrument: string | null; columnMapping: string | null } = { instrument, columnMapping: oneOffMapping },
    chosen: MethodPicks = picks,
    day: string = analysedAt,
  ) {
    setError(null);
    setProgress(0);
    const fields: Record<string, string> = { dryRun: String(dryRun) };
    if (kind === 'instrument' && format) fields.format = format;
    if (kind === 'instrument' && mapped.instrument) fields.instrument = mapped.instrument;
    else if (kind === 'instrument' && mapped.columnMapping) {
      // The API reads a one-off mapping only when the format is named (a saved instrument implies it).
      fields.columnMapping = mapped.columnMapping;
      fields.format = 'generic-long-csv';
    }
    const methods = kind === 'instrument' ? methodsField(fileGroups, chosen) : null;
    if (methods) fields.methods = methods;
    const dated = kind === 'instrument' ? analysedAtField(day) : null;
    if (dated) fields.analysedAt = dated;
    const why = kind === 'instrument' ? reasonField(reason) : null;
    if (why) fields.reason = why;
    if (kind === 'coa' && sampleId) fields.sampleId = sampleId;
    try {
      const data = await uploadFile<InstrumentImportSummary & CoaImportSummary>(ROUTE[kind], f, fields, setProgress);
      setSummary(kind === 'instrument' ? { kind, data } : { kind, data });
      if (kind === 'instrument') {
        setFileGroups(data.methods ?? []);
        setPicks((current) => adoptAnswered(current, data.methods ?? []));
      }
      setRefusal(null);
      if (!dryRun) {
        notifySuccess(data.duplicate ? 'This file was imported before; nothing was stored twice' : `${data.stored} result row(s) stored`, 'Import stored');
        qc.invalidateQueries({ queryKey: keys.samples });
      }
    } catch (e) {
      setError(e);
      setSummary(null);
      const refused = kind === 'instrument' ? readRefusal(e) : null;
      if (refused) {
        setExamples(refused.mapping ? firstDataRow(await f.text(), refused.mapping.headerLine, refused.mapping.delimiter) : []);
        setRefusal(refused);
      }
    } finally {
      setProgress(null);
    }
  }

  /** The mapping panel's preview: a saved mapping becomes the chosen instrument, a one-off one lasts for this file. */
  async function previewWith(fields: MappingFields) {
    if (!file) return;
    const mapped = 'instrument' in fields ? { instrument: fields.instrument, columnMapping: null } : { instrument: null, columnMapping: fields.columnMapping };
    if ('instrument' in fields) void qc.invalidateQueries({ queryKey: MAPPINGS_KEY });
    setInstrument(mapped.instrument);
    setOneOffMapping(mapped.columnMapping);
    await send(file, true, mapped);
  }

  /** A group's method picked: previewed again at once, so the preview on screen is what *Store results* stores. */
  function pick(group: string, methodId: string) {
    const next = { ...picks, [group]: methodId };
    setPicks(next);
    if (file) void send(file, true, undefined, next);
  }

  const missingRoute = error instanceof ApiError && error.status === 404 && /^Cannot POST/.test(error.message);
  const uploading = progress !== null;
  // Shown by the disabled button while a preview is on screen; a stored import needs no explanation.
  const blocker = storeBlocker(summary) ?? (summary?.kind === 'instrument' ? reasonBlocker(summary.data, reason) : null);
  const handRows = summary?.kind === 'instrument' ? handRowsOf(summary.data) : [];
  const canStore = !uploading && blocker === null;
  const noMethod = summary?.kind === 'instrument' ? withoutMethodWarning(summary.data.groupsWithoutMethod, !summary.data.dryRun) : null;

  return (
    <>
      <PageHeader title="Imports" subtitle="Instrument exports and COA PDFs become results. Every file is previewed (dry run) before anything is stored." />
      <Card withBorder mb="md">
        <Stack>
          <Group align="flex-end" wrap="wrap">
            <div>
              <Text size="sm" fw={500} mb={4} id="kind-label">
                What are you importing?
              </Text>
              <SegmentedControl
                aria-labelledby="kind-label"
                value={kind}
                onChange={(v) => reset(v as Kind)}
                data={[
                  { value: 'instrument', label: 'Instrument export' },
                  { value: 'coa', label: 'COA PDF' },
                ]}
              />
            </div>
            {kind === 'instrument' ? (
              <>
                <Select
                  label="Format"
                  placeholder="Detect from the content"
                  data={formatViews.length ? formatViews.map((f) => ({ value: f.format, label: f.label })) : [...INSTRUMENT_FORMATS]}
                  renderOption={({ option }) => {
                    const view = formatViews.find((f) => f.format === option.value);
                    return (
                      <Stack gap={2}>
                        <Text size="sm">{option.label}</Text>
                        {view?.description && (
                          <Text size="xs" c="dimmed" maw={420}>
                            {view.description}
                          </Text>
                        )}
                        {view && <EvidenceBadge format={view} size="xs" />}
                      </Stack>
                    );
                  }}
                  value={format}
                  onChange={setFormat}
                  clearable
                  w={360}
                />
                <Select
                  label="Instrument mapping"
                  description="Saved column mapping"
                  placeholder="None"
                  data={[...new Set([...(mappings.data ?? []).map((m) => m.instrument), ...(instrument ? [instrument] : [])])]}
                  value={instrument}
                  onChange={(v) => {
                    setInstrument(v);
                    setOneOffMapping(null);
                  }}
                  clearable
                  searchable
                  w={260}
                />
              </>
            ) : (
              <Select
                label="Attach to sample (when the COA names none of ours)"
                placeholder="Match by the COA's ids"
                data={(openSamples.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.labCode} · ${s.name}` }))}
                value={sampleId}
                onChange={setSampleId}
                clearable
                searchable
                w={360}
              />
            )}
          </Group>
          <DropArea
            accept={kind === 'coa' ? 'application/pdf,.pdf' : '.csv,.txt,.tsv,.xls,.xlsx,text/*'}
            hint={
              kind === 'coa'
                ? 'A COA PDF (LabTrace, Confident Cannabis, SC Labs, Kaycha)'
                : 'CSV or text export: MassHunter, MultiQuant, TargetLynx, LabSolutions, ChemStation, CFX, ICP-MS, water activity, moisture'
            }
            file={file}
            disabled={uploading}
            onFile={(f) => {
              setFile(f);
              setSummary(null);
              setRefusal(null);
              // Another file carries its own groups: nothing picked for the last one carries over.
              setFileGroups([]);
              setPicks({});
              setAnalysedAt('');
              // A one-off mapping was for the file before; a chosen instrument stays chosen.
              setOneOffMapping(null);
              void send(f, true, { instrument, columnMapping: null }, {}, '');
            }}
          />
          {uploading && (
            <Stack gap={4}>
              <Text size="sm">{progress! < 1 ? `Uploading ${file?.name}… ${Math.round(progress! * 100)}%` : 'Reading the file…'}</Text>
              <Progress value={Math.max(3, progress! * 100)} animated={progress! >= 1} aria-label="Upload progress" />
            </Stack>
          )}
          {missingRoute && (
            <Alert color="gray" title="Not available on this server yet">
              This server has no {kind === 'coa' ? 'COA' : 'instrument'} import route ({ROUTE[kind]} answered 404). Results can still be entered by hand from
              the sample page.
            </Alert>
          )}
          {refusal && (
            <RefusalPanel
              key={`${file?.name}-${file?.lastModified}-${refusal.message}`}
              refusal={refusal}
              formats={formatViews}
              examples={examples}
              canSave={hasRole('manager', 'admin')}
              onPreview={previewWith}
            />
          )}
          {!!error && !missingRoute && !(refusal && readRefusal(error)) && (
            <Alert color="red" title="The file was not imported" role="alert">
              {errorMessage(error)}
              {error instanceof ApiError &&
                error.fieldErrors.map((f) => (
                  <div key={f.field + f.message}>
                    {f.field}: {f.message}
                  </div>
                ))}
            </Alert>
          )}
          {summary?.kind === 'instrument' && (instrument || oneOffMapping) && (
            <Text size="sm" data-testid="mapping-used">
              {instrument ? `Read through the column mapping saved for instrument “${instrument}”.` : 'Read through a one-off column mapping (not saved).'}
            </Text>
          )}
          {kind === 'instrument' && file && <GroupMethodPicker groups={fileGroups} picks={picks} methods={methodSet.data} disabled={uploading} onPick={pick} />}
          {summary?.kind === 'instrument' && (asksForAnalysisDate(summary.data) || analysedAt !== '') && (
            <TextInput
              type="date"
              label="Analysis date"
              description="The file states no analysis date; without one its rows are dated at the upload."
              value={analysedAt}
              onChange={(e) => setAnalysedAt(e.currentTarget.value)}
              // Previewed again at once, so the preview on screen is what *Store results* stores.
              onBlur={() => file && void send(file, true)}
              disabled={uploading}
              w={220}
              data-testid="analysis-date"
            />
          )}
          {summary?.kind === 'instrument' && (handRows.length > 0 || reason !== '') && (
            <TextInput
              label="Reason"
              description={`This file changes ${handRows.length} result(s) written by hand or by an amendment (listed in the warnings below); say why. The reason is kept in the audit trail.`}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              disabled={uploading}
              maxLength={1000}
              data-testid="import-reason"
            />
          )}
          {noMethod && (
            <Alert color="orange" title="Groups without a method" data-testid="no-method-warning">
              {noMethod}
            </Alert>
          )}
          {file && !uploading && (
            <Group>
              <Button variant="default" onClick={() => send(file, true)}>
                Preview again
              </Button>
              <Button onClick={() => send(file, false)} disabled={!canStore} aria-describedby={blocker && summary?.data.dryRun ? 'store-blocker' : undefined}>
                Store results
              </Button>
              <Button variant="subtle" onClick={() => reset()}>
                Start over
              </Button>
              {blocker && summary?.data.dryRun && (
                <Text size="sm" c="orange.9" id="store-blocker" data-testid="store-blocker">
                  {blocker}
                </Text>
              )}
            </Group>
          )}
        </Stack>
      </Card>
      {summary?.kind === 'instrument' && <InstrumentPreview summary={summary.data} />}
      {summary?.kind === 'coa' && <CoaPreview summary={summary.data} />}
      {kind === 'instrument' && formatViews.length > 0 && (
        <div style={{ marginTop: 'var(--mantine-spacing-md)' }}>
          <FormatList formats={formatViews} />
        </div>
      )}
    </>
  );
}
