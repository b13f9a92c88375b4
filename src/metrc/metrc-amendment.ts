import Decimal from 'decimal.js';
import type { MetrcLabTestResult } from './client/metrc.types';
import type { ReportPlan } from './metrc-report.mapping';

export interface AmendmentContext {
  label: string;
  license: string;
  externalId: string;
  reason: string;
}

function level(row: MetrcLabTestResult): string {
  const v = row.TestResultLevel;
  if (v === null || v === undefined || v === '') return '(none)';
  return new Decimal(String(v)).toFixed();
}

const verdict = (passed: boolean | undefined) => (passed === false ? 'failed' : 'passed');

/**
 * Metrc has no API to amend, correct or revoke a lab result (shared/metrc-ny-api.md §2), so an
 * amendment becomes the exact steps a manager takes in Metrc's UI: which package, which test types
 * to correct (what Metrc holds against what the amended COA says), which to add or remove, and the
 * amended COA to upload.
 */
export function amendmentSteps(plan: ReportPlan, held: readonly MetrcLabTestResult[], c: AmendmentContext): string {
  const current = held.filter((r) => !r.LabTestDetailRevokedDate || r.LabTestDetailRevokedDate.startsWith('0001-'));
  const byType = new Map(current.map((r) => [r.TestTypeName, r]));
  const wanted = new Set(plan.results.map((r) => r.type));
  const corrections: string[] = [];
  const additions: string[] = [];
  for (const r of plan.results) {
    const row = byType.get(r.type);
    if (!row) additions.push(`"${r.type}": ${r.quantity} (${verdict(r.passed)})`);
    else if (level(row) !== new Decimal(r.quantity).toFixed() || verdict(row.TestPassed) !== verdict(r.passed)) {
      corrections.push(`"${r.type}": Metrc holds ${level(row)} (${verdict(row.TestPassed)}); the amended COA says ${r.quantity} (${verdict(r.passed)})`);
    }
  }
  const removals = current.filter((r) => !wanted.has(r.TestTypeName)).map((r) => `"${r.TestTypeName}" (no longer on the amended COA)`);
  const steps: string[] = [];
  const list = (items: string[]) => items.map((i) => `   - ${i}`).join('\n');
  if (corrections.length) steps.push(`Correct these lab test results:\n${list(corrections)}`);
  if (additions.length) steps.push(`Record these lab test results, which Metrc does not hold:\n${list(additions)}`);
  if (removals.length) steps.push(`Revoke these lab test results:\n${list(removals)}`);
  if (!corrections.length && !additions.length && !removals.length) steps.push('The results Metrc holds already match the amended COA; no result changes.');
  steps.push(`Upload the amended COA (${c.externalId}.pdf, from LabTrace) as the package's lab test document, replacing the earlier one.`);
  if (plan.release) steps.push('Make sure the results are released, so the package shows the amended verdict.');
  else steps.push('Do not release: the amended certificate is incomplete (some analytes not tested).');
  steps.push('Then mark this submission done in LabTrace.');
  return [
    `Metrc has no API to amend lab results: LabTrace changed nothing in Metrc. In Metrc (license ${c.license}), package ${c.label}:`,
    ...steps.map((s, i) => `${i + 1}. ${s}`),
    `Reason for the amendment: ${c.reason}`,
  ].join('\n');
}
