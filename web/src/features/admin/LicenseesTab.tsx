import { Accordion, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import { ApiError } from '../../api/errors';
import { keys, useLicensees } from '../../api/queries';
import type { CreateLicensee, Licensee } from '../../api/types';
import { QueryState } from '../../components/QueryState';
import { notifySuccess } from '../../lib/notify';
import { ApiKeysPanel } from './ApiKeysPanel';

export function LicenseesTab() {
  const licensees = useLicensees();
  return (
    <Stack>
      <QueryState query={licensees} isEmpty={(l) => l.length === 0} empty="No licensees registered." label="Loading licensees">
        {(list) => (
          <Accordion variant="separated" chevronPosition="left">
            {list.map((l: Licensee) => (
              <Accordion.Item key={l.id} value={l.licenseNumber}>
                <Accordion.Control>
                  <Group justify="space-between" wrap="nowrap">
                    <div>
                      <Text fw={600}>{l.name}</Text>
                      <Text size="xs" c="dimmed">
                        {l.licenseNumber}
                        {l.contactName ? ` · ${l.contactName}` : ''}
                        {l.contactEmail ? ` · ${l.contactEmail}` : ''}
                      </Text>
                    </div>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <ApiKeysPanel licenseNumber={l.licenseNumber} />
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        )}
      </QueryState>
      <NewLicenseeForm />
    </Stack>
  );
}

const EMPTY: CreateLicensee = { licenseNumber: '', name: '', contactName: '', contactEmail: '', contactPhone: '', address: '' };

function NewLicenseeForm() {
  const qc = useQueryClient();
  const [form, setForm] = useState<CreateLicensee>(EMPTY);
  const create = useMutation({
    mutationFn: () => {
      const body = Object.fromEntries(
        Object.entries(form)
          .map(([k, v]) => [k, String(v ?? '').trim()])
          .filter(([, v]) => v !== ''),
      ) as CreateLicensee;
      return call<Licensee>(api.POST('/v1/licensees', { body }));
    },
    onSuccess: (l) => {
      notifySuccess(`${l.name} (${l.licenseNumber}) registered`, 'Licensee registered');
      setForm(EMPTY);
      qc.invalidateQueries({ queryKey: keys.licensees });
    },
  });
  const err = (field: string) => (create.error instanceof ApiError ? create.error.fieldErrors.find((f) => f.field === field)?.message : undefined);
  const field = (k: keyof CreateLicensee, label: string, required = false) => (
    <TextInput label={label} required={required} value={form[k] ?? ''} onChange={(e) => setForm({ ...form, [k]: e.currentTarget.value })} error={err(k)} />
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="sm">
        Register a licensee
      </Title>
      <form onSubmit={submit} noValidate>
        <Group align="flex-start" wrap="wrap">
          {field('licenseNumber', 'License number', true)}
          {field('name', 'Name', true)}
          {field('contactName', 'Contact')}
          {field('contactEmail', 'Contact email')}
          {field('contactPhone', 'Phone')}
          {field('address', 'Address')}
          <Button type="submit" mt={25} loading={create.isPending}>
            Register
          </Button>
        </Group>
        {create.error && create.error instanceof ApiError && create.error.fieldErrors.length === 0 && (
          <Text c="red.9" size="sm" mt="xs" role="alert">
            {create.error.message}
          </Text>
        )}
      </form>
    </Card>
  );
}
