import { Group, Select, Text, TextInput } from '@mantine/core';

/** What the receive form records about an edible package (decimal strings, as the API takes them). */
export interface EdibleForm {
  servingsPerPackage: string;
  packageNetWeightG: string;
  servingWeightG: string;
  claimPer: '' | 'serving' | 'package';
  claimTotalThcMg: string;
  claimTotalCbdMg: string;
}

export const EMPTY_EDIBLE: EdibleForm = {
  servingsPerPackage: '',
  packageNetWeightG: '',
  servingWeightG: '',
  claimPer: '',
  claimTotalThcMg: '',
  claimTotalCbdMg: '',
};

/** The `edible` body field, or undefined when nothing was typed (the announcement's facts then stand). */
export function edibleBody(form: EdibleForm) {
  if (!form.servingsPerPackage.trim() && !form.packageNetWeightG.trim()) return undefined;
  const claim =
    form.claimPer && form.claimTotalThcMg.trim()
      ? {
          labelClaim: {
            per: form.claimPer,
            totalThcMg: form.claimTotalThcMg.trim(),
            ...(form.claimTotalCbdMg.trim() ? { totalCbdMg: form.claimTotalCbdMg.trim() } : {}),
          },
        }
      : {};
  return {
    servingsPerPackage: form.servingsPerPackage.trim(),
    packageNetWeightG: form.packageNetWeightG.trim(),
    ...(form.servingWeightG.trim() ? { servingWeightG: form.servingWeightG.trim() } : {}),
    ...claim,
  };
}

/** Servings, weights and the label claim of an edible; required on receipt unless the transfer announced them. */
export function EdibleFields({
  value,
  onChange,
  error,
}: {
  value: EdibleForm;
  onChange: (next: EdibleForm) => void;
  error: (field: string) => string | undefined;
}) {
  const set = (field: keyof EdibleForm) => (e: { currentTarget: { value: string } }) => onChange({ ...value, [field]: e.currentTarget.value });
  return (
    <>
      <Text size="sm" fw={500}>
        Edible package
      </Text>
      <Text size="xs" c="dimmed">
        Servings and net weight are required unless the licensee announced them; what is entered here replaces the announcement.
      </Text>
      <Group grow align="flex-start">
        <TextInput
          label="Servings per package"
          inputMode="numeric"
          value={value.servingsPerPackage}
          onChange={set('servingsPerPackage')}
          error={error('edible.servingsPerPackage')}
        />
        <TextInput
          label="Package net weight (g)"
          inputMode="decimal"
          value={value.packageNetWeightG}
          onChange={set('packageNetWeightG')}
          error={error('edible.packageNetWeightG')}
        />
        <TextInput
          label="Serving weight (g)"
          inputMode="decimal"
          value={value.servingWeightG}
          onChange={set('servingWeightG')}
          error={error('edible.servingWeightG')}
        />
      </Group>
      <Group grow align="flex-start">
        <Select
          label="Label claim per"
          data={[
            { value: 'serving', label: 'Serving' },
            { value: 'package', label: 'Package' },
          ]}
          value={value.claimPer || null}
          onChange={(v) => onChange({ ...value, claimPer: (v ?? '') as EdibleForm['claimPer'] })}
          clearable
          error={error('edible.labelClaim.per')}
        />
        <TextInput
          label="Claimed total THC (mg)"
          inputMode="decimal"
          value={value.claimTotalThcMg}
          onChange={set('claimTotalThcMg')}
          error={error('edible.labelClaim.totalThcMg')}
        />
        <TextInput
          label="Claimed total CBD (mg)"
          inputMode="decimal"
          value={value.claimTotalCbdMg}
          onChange={set('claimTotalCbdMg')}
          error={error('edible.labelClaim.totalCbdMg')}
        />
      </Group>
    </>
  );
}
