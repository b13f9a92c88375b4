import { Button, Group, Select, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useLicensees } from '../../api/queries';
import { PRODUCT_TYPES } from '../../lib/vocabulary';
import { EMPTY_INTAKE_FILTERS, hasIntakeFilters, type IntakeFilters } from './intake-filters';

/** Search, licensee, product type, manifest and announcement days; typing asks the API once the person pauses. */
export function IntakeFiltersBar({ value, onChange }: { value: IntakeFilters; onChange: (next: IntakeFilters) => void }) {
  const licensees = useLicensees();
  const [q, setQ] = useState(value.q);
  const [manifestId, setManifestId] = useState(value.manifestId);
  const set = (patch: Partial<IntakeFilters>) => onChange({ ...value, ...patch });

  useEffect(() => {
    if (q === value.q && manifestId === value.manifestId) return;
    const t = window.setTimeout(() => set({ q, manifestId }), 300);
    return () => window.clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, manifestId]);

  return (
    <Group gap="sm" align="flex-end" mb="md" wrap="wrap" role="search" aria-label="Filter pending transfers">
      <TextInput
        label="Search"
        placeholder="Name or inventory tag"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        w={{ base: '100%', xs: 230 }}
        data-shortcut="search"
      />
      <Select
        label="Licensee"
        data={(licensees.data ?? []).map((l) => ({ value: l.licenseNumber, label: `${l.name} (${l.licenseNumber})` }))}
        value={value.licenseNumber || null}
        onChange={(v) => set({ licenseNumber: v ?? '' })}
        clearable
        searchable
        w={{ base: '100%', xs: 250 }}
      />
      <Select
        label="Product type"
        data={[...PRODUCT_TYPES]}
        value={value.productType || null}
        onChange={(v) => set({ productType: v ?? '' })}
        clearable
        w={150}
      />
      <TextInput label="Manifest" placeholder="Manifest id" value={manifestId} onChange={(e) => setManifestId(e.currentTarget.value)} w={170} />
      <TextInput label="Announced from" type="date" value={value.announcedFrom} onChange={(e) => set({ announcedFrom: e.currentTarget.value })} w={160} />
      <TextInput label="Announced to" type="date" value={value.announcedTo} onChange={(e) => set({ announcedTo: e.currentTarget.value })} w={160} />
      <Button
        variant="subtle"
        disabled={!hasIntakeFilters(value)}
        onClick={() => {
          setQ('');
          setManifestId('');
          onChange(EMPTY_INTAKE_FILTERS);
        }}
      >
        Clear filters
      </Button>
    </Group>
  );
}
