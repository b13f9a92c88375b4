import { Alert, Button, Checkbox, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import { keys } from '../../api/queries';
import type { ReceiveSample, SampleDetail, SampleSummary } from '../../api/types';
import { notifySuccess } from '../../lib/notify';
import { QUANTITY_UNITS } from '../../lib/vocabulary';
import { capitalise, inventoryIdNoun, useStateSystem } from '../reporting/state-system-api';
import { EdibleFields, edibleBody, EMPTY_EDIBLE, type EdibleForm } from './EdibleFields';
import { asksSolventExtracted, solventExtractedBody } from './solvent-extracted';

type Unit = ReceiveSample['unit'];
/** The receive body with the technician's solvent-extraction answer (in the API until web/openapi.json is regenerated). */
type ReceiveBody = ReceiveSample & { solventExtracted?: boolean; reason?: string };

/** Receive a pending transfer: weighed quantity, condition, storage; a rejection needs its reason. */
export function ReceiveModal({ sample, onClose, onReceived }: { sample: SampleSummary | null; onClose: () => void; onReceived: (s: SampleDetail) => void }) {
  const qc = useQueryClient();
  const [quantity, setQuantity] = useState('');
  const [unit, setUnit] = useState<Unit>('g');
  const [condition, setCondition] = useState<'acceptable' | 'rejected'>('acceptable');
  const [rejectionReason, setRejectionReason] = useState('');
  const [storageLocation, setStorageLocation] = useState('');
  const [notes, setNotes] = useState('');
  const [edible, setEdible] = useState<EdibleForm>(EMPTY_EDIBLE);
  const [solventExtracted, setSolventExtracted] = useState(false);
  const [solventReason, setSolventReason] = useState('');
  const system = useStateSystem();
  // The summary row does not carry the announced solvent extraction: the sample's detail does.
  const asksSolvent = !!sample && asksSolventExtracted(sample.productType);
  const detail = useQuery({
    queryKey: keys.sample(sample?.id ?? ''),
    queryFn: () => call<SampleDetail>(api.GET('/v1/samples/{id}', { params: { path: { id: sample!.id } } })),
    enabled: asksSolvent,
  });
  const announcedSolvent = asksSolvent ? detail.data?.solventExtracted : undefined;
  const solventChanged = announcedSolvent !== undefined && solventExtracted !== announcedSolvent;

  useEffect(() => {
    if (!sample) return;
    setQuantity(sample.quantity);
    setUnit((QUANTITY_UNITS as readonly string[]).includes(sample.unit) ? (sample.unit as Unit) : 'g');
    setCondition('acceptable');
    setRejectionReason('');
    setStorageLocation('');
    setNotes('');
    setEdible(EMPTY_EDIBLE);
    setSolventReason('');
    receive.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sample?.id]);

  // Pre-set from the announcement once it is known.
  useEffect(() => {
    setSolventExtracted(announcedSolvent ?? false);
  }, [sample?.id, announcedSolvent]);

  const receive = useMutation({
    mutationFn: (body: ReceiveBody) => call<SampleDetail>(api.POST('/v1/samples/{id}/receive', { params: { path: { id: sample!.id } }, body })),
    onSuccess: (detail) => {
      const done = detail.status === 'rejected' ? `${sample!.name} rejected` : `${detail.labCode} received`;
      notifySuccess(
        system.receivesInState ? done : `${done} in LabTrace. Record it in ${system.name} too: ${system.name} has no API for it.`,
        detail.status === 'rejected' ? 'Rejected' : 'Received',
      );
      qc.invalidateQueries({ queryKey: keys.samples });
      onReceived(detail);
    },
  });
  const fieldError = (field: string) => (receive.error instanceof ApiError ? receive.error.fieldErrors.find((f) => f.field === field)?.message : undefined);

  function submit(e: FormEvent) {
    e.preventDefault();
    receive.mutate({
      receivedQuantity: quantity.trim(),
      unit,
      condition,
      ...(condition === 'rejected' ? { rejectionReason: rejectionReason.trim() } : {}),
      ...(storageLocation.trim() ? { storageLocation: storageLocation.trim() } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
      ...(condition === 'acceptable' && edibleBody(edible) ? { edible: edibleBody(edible) } : {}),
      ...(condition === 'acceptable' ? solventExtractedBody(announcedSolvent, solventExtracted, solventReason) : {}),
    } as ReceiveBody);
  }

  return (
    <Modal opened={!!sample} onClose={onClose} title={sample ? `Receive ${sample.name}` : ''} size="lg">
      {sample && (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              {capitalise(inventoryIdNoun(system))} {sample.sampleInventoryId} from {sample.licenseeName}; declared {sample.quantity} {sample.unit}.
            </Text>
            <Group grow align="flex-start">
              <TextInput
                label="Received quantity"
                required
                inputMode="decimal"
                value={quantity}
                onChange={(e) => setQuantity(e.currentTarget.value)}
                error={fieldError('receivedQuantity')}
              />
              <Select
                label="Unit"
                data={[...QUANTITY_UNITS]}
                value={unit}
                onChange={(v) => v && setUnit(v as Unit)}
                allowDeselect={false}
                error={fieldError('unit')}
              />
            </Group>
            <div>
              <Text size="sm" fw={500} mb={4} id="condition-label">
                Condition
              </Text>
              <SegmentedControl
                aria-labelledby="condition-label"
                value={condition}
                onChange={(v) => setCondition(v as 'acceptable' | 'rejected')}
                data={[
                  { value: 'acceptable', label: 'Acceptable' },
                  { value: 'rejected', label: 'Rejected' },
                ]}
                color={condition === 'rejected' ? 'red' : 'indigo'}
              />
            </div>
            {condition === 'rejected' && (
              <Textarea
                label="Rejection reason"
                required
                value={rejectionReason}
                onChange={(e) => setRejectionReason(e.currentTarget.value)}
                error={fieldError('rejectionReason')}
                autosize
                minRows={2}
              />
            )}
            {condition === 'acceptable' && sample.productType === 'edible' && <EdibleFields value={edible} onChange={setEdible} error={fieldError} />}
            {condition === 'acceptable' && announcedSolvent !== undefined && (
              <Checkbox
                label="Solvent-extracted (e.g. BHO, CO2, ethanol)"
                description={`Announced as ${announcedSolvent ? '' : 'not '}solvent-extracted. If it is, residual solvents are tested.`}
                checked={solventExtracted}
                onChange={(e) => setSolventExtracted(e.currentTarget.checked)}
                error={fieldError('solventExtracted')}
              />
            )}
            {condition === 'acceptable' && solventChanged && (
              <Textarea
                label="Why it differs from the announcement"
                required
                value={solventReason}
                onChange={(e) => setSolventReason(e.currentTarget.value)}
                error={fieldError('reason')}
                autosize
                minRows={2}
              />
            )}
            <TextInput
              label="Storage location"
              placeholder="Fridge 2, shelf B"
              value={storageLocation}
              onChange={(e) => setStorageLocation(e.currentTarget.value)}
              error={fieldError('storageLocation')}
            />
            <Textarea label="Notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={2} />
            {!system.receivesInState && (
              <Alert color="yellow" p="xs" title={`The receipt must also be recorded in ${system.name}`}>
                {system.name} has no API to receive or reject a transfer. After saving here, {condition === 'rejected' ? 'reject' : 'receive'}{' '}
                {inventoryIdNoun(system)} {sample.sampleInventoryId} in {system.name} as well.
              </Alert>
            )}
            {receive.error && (
              <Text c="red.9" size="sm" role="alert">
                {errorMessage(receive.error)}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={receive.isPending} color={condition === 'rejected' ? 'red' : undefined}>
                {condition === 'rejected' ? 'Reject sample' : 'Receive sample'}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
