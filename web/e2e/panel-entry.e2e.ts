/**
 * Panel-driven entry (issue 22, deliverable 1) in a real browser: a technician opens a received flower
 * sample's results and finds every analyte of its panel listed, in the method's unit with its LOD and
 * LOQ; types values only, walking down the value column with Enter; sees each row and group judged
 * while typing (a value over its limit fails, a blank required analyte is marked missing) before Save;
 * and after Save the server's statuses are the ones the grid showed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, screenshot, signIn } from './support/browser';
import { ApiSession, seedStateSamples, waitForApp, type StateSample } from './support/http';
import { gridCell } from './support/lab';

const run = Date.now().toString(36);

interface Template {
  groups: Array<{
    group: string;
    requiredAnalytes: string[];
    methods: Array<{ methodId: string; analytes: Array<{ analyte: string; name: string; lod: string | null; loq: string | null; unit: string }> }>;
  }>;
}
interface Results {
  status: string;
  missingAnalytes: Record<string, string[]>;
  groups: Array<{
    group: string;
    status: string;
    missingAnalytes: string[];
    analytes: Array<{ analyte: string; status: string; computed: boolean; unit: string; value: string | null; qualifier: string | null }>;
  }>;
}

/** What the technician types for each analyte: a number, or ND in the value cell. */
const TYPED: Record<string, string> = {
  'd9-thc': '0.62',
  thca: '21.4',
  cbd: 'ND',
  cbda: '0.05',
  lead: '0.12',
  bifenazate: '0.05',
  // Over its limit (≤ 0.20 µg/g): the row and the group fail before Save.
  myclobutanil: '0.35',
  moisture: '9.8',
  'water-activity': '0.52',
  'foreign-matter-stems': '1.2',
  'foreign-matter-seeds-other': '0.3',
};
const valueFor = (group: string, analyte: string) => TYPED[analyte] ?? (group === 'terpenes' ? '0.11' : 'ND');
/** Left blank on the first pass: the grid must mark it missing. */
const SKIPPED = 'spinosad';

const s = {} as { browser: Browser; tech: ApiSession; sample: StateSample; id: string; labCode: string };

before(async () => {
  await waitForApp();
  s.browser = await launch();
  s.tech = await ApiSession.signIn('tech@demo.lab');
  [s.sample] = await seedStateSamples([{ name: `E2E ${run} Gelato 3.5 g`, productType: 'flower', quantity: '7.0', uom: 'g' }]);
  await s.tech.request('POST', '/v1/sample-transfers/sync');
  const found = await s.tech.request<{ items: Array<{ id: string; labCode: string | null }> }>('GET', `/v1/samples?q=${s.sample.sampleId}`);
  assert.equal(found.items.length, 1, 'the synced sample');
  s.id = found.items[0].id;
  await s.tech.request('POST', `/v1/samples/${s.id}/receive`, { receivedQuantity: '7.0', unit: 'g', condition: 'acceptable', storageLocation: 'Fridge 3' });
});

after(async () => {
  await s.browser?.close();
});

/** Each grid row's analyte, group and live status, in the order they are shown. */
async function gridRows(p: Page): Promise<Array<{ analyte: string; group: string; status: string | null; name: string }>> {
  return p.locator('tr[data-analyte]').evaluateAll((trs) =>
    trs.map((tr) => ({
      analyte: tr.getAttribute('data-analyte')!,
      group: tr.getAttribute('data-group')!,
      status: tr.getAttribute('data-status'),
      name: tr.querySelector('td')!.textContent!.trim(),
    })),
  );
}

async function groupSummary(p: Page, group: string): Promise<{ status: string | null; missing: number; text: string }> {
  const summary = p.locator(`th[data-group="${group}"] [data-group-status]`);
  return {
    status: await summary.getAttribute('data-group-status'),
    missing: Number(await summary.getAttribute('data-missing')),
    text: (await summary.textContent()) ?? '',
  };
}

describe('panel-driven entry', () => {
  test('a full flower panel entered by typing values only into the prefilled grid, live statuses checked before Save', async () => {
    const template = await s.tech.request<Template>('GET', `/v1/samples/${s.id}/entry-template`);
    const context = await newContext(s.browser);
    const p = await context.newPage();
    p.on('pageerror', (e) => console.error(`[browser] ${e.message}`));
    await signIn(p, 'tech@demo.lab');
    await p.goto(`/samples/${s.id}/results`);
    await p.getByRole('table', { name: 'Results entry' }).waitFor();
    await p.locator('tr[data-analyte]').first().waitFor();

    // The grid opens with the panel: every required analyte of every group, named for people, in the
    // method's unit with its LOD and LOQ; terpenes (no list) with the method's profile.
    const rows = await gridRows(p);
    for (const g of template.groups) {
      const method = g.methods[0];
      const shown = rows.filter((r) => r.group === g.group).map((r) => r.analyte);
      const expected = g.requiredAnalytes.length > 0 ? g.requiredAnalytes : method.analytes.map((a) => a.analyte);
      assert.deepEqual([...shown].sort(), [...expected].sort(), `${g.group}: the rows the panel requires`);
      const summary = await groupSummary(p, g.group);
      assert.equal(summary.status, 'incomplete', `${g.group} starts incomplete`);
      assert.equal(summary.missing, g.requiredAnalytes.length);
      if (g.requiredAnalytes.length > 0)
        assert.match(summary.text, new RegExp(`${g.requiredAnalytes.length} of ${g.requiredAnalytes.length} required missing`));
    }
    assert.equal(rows.length, 59 + 8 + 6 + 5 + 4 + 47 + 1 + 1 + 2, 'the whole flower panel');
    assert.ok(!rows.some((r) => /_/.test(r.name)), 'no internal names in the grid');
    const waRow = p.locator('tr[data-analyte="water-activity"]');
    assert.equal(await waRow.locator('td').first().textContent(), 'Water activity');
    const lead = template.groups.find((g) => g.group === 'metals')!.methods[0].analytes.find((a) => a.analyte === 'lead')!;
    assert.deepEqual(
      [
        await gridCell(p, 'Lead', 'unit', 'Heavy metals').inputValue(),
        await gridCell(p, 'Lead', 'lod', 'Heavy metals').inputValue(),
        await gridCell(p, 'Lead', 'loq', 'Heavy metals').inputValue(),
      ],
      [lead.unit, lead.lod, lead.loq],
      "the method's unit, LOD and LOQ prefilled",
    );
    assert.equal(await gridCell(p, 'Salmonella spp.', 'unit', 'Microbials').inputValue(), 'CFU/g');
    assert.equal(await p.locator('tr[data-analyte="lead"] td').nth(6).textContent(), '≤ 0.5 µg/g', 'the limit shows before any value');
    await screenshot(p, 'panel-entry-01-prefilled');

    // Values only: click the first value cell, then type and press Enter down the whole column.
    await gridCell(p, rows[0].name, 'value', groupLabelOf(rows[0].group)).click();
    for (const row of rows) {
      if (row.analyte !== SKIPPED) await p.keyboard.type(valueFor(row.group, row.analyte));
      await p.keyboard.press('Enter');
    }
    const values = await p
      .locator('tr[data-analyte]')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-analyte'), (tr.querySelector('input[data-col="value"]') as HTMLInputElement).value]));
    for (const [analyte, value] of values) {
      const row = rows.find((r) => r.analyte === analyte)!;
      assert.equal(value, analyte === SKIPPED ? '' : valueFor(row.group, analyte!), `${analyte} typed into its own row`);
    }

    // Live, before Save: the value over its limit fails its row and its group; the one left blank is missing.
    const myclobutanil = p.locator('tr[data-analyte="myclobutanil"]');
    assert.equal(await myclobutanil.getAttribute('data-status'), 'fail');
    await myclobutanil.getByText('FAIL', { exact: true }).waitFor();
    const skipped = p.locator(`tr[data-analyte="${SKIPPED}"]`);
    assert.equal(await skipped.getAttribute('data-status'), 'missing');
    await skipped.getByText('Missing', { exact: true }).waitFor();
    const pesticides = await groupSummary(p, 'pesticides');
    assert.deepEqual({ status: pesticides.status, missing: pesticides.missing }, { status: 'fail', missing: 1 });
    assert.match(pesticides.text, /1 of 59 required missing/);
    assert.equal((await groupSummary(p, 'water_activity')).status, 'pass');
    assert.equal((await groupSummary(p, 'microbials')).status, 'pass', 'ND passes "not detected"');
    await screenshot(p, 'panel-entry-02-live-before-save');
    const before = await s.tech.request<Results>('GET', `/v1/samples/${s.id}/results`);
    assert.equal(
      before.groups.reduce((n, g) => n + g.analytes.length, 0),
      0,
      'judged in the browser: nothing was sent yet',
    );

    // The missing one typed: the group has every required analyte, and still fails on myclobutanil.
    await gridCell(p, 'Spinosad', 'value', 'Pesticides').fill('ND');
    assert.equal(await skipped.getAttribute('data-status'), 'pass');
    assert.deepEqual(
      { status: (await groupSummary(p, 'pesticides')).status, missing: (await groupSummary(p, 'pesticides')).missing },
      { status: 'fail', missing: 0 },
    );
    const live = await gridRows(p);
    const liveGroups = new Map<string, string | null>();
    for (const g of template.groups) liveGroups.set(g.group, (await groupSummary(p, g.group)).status);
    assert.ok(
      live.every((r) => r.status && r.status !== 'missing'),
      'every row judged',
    );

    const saved = p.waitForResponse((r) => r.url().endsWith(`/v1/samples/${s.id}/results`) && r.request().method() === 'PUT');
    await p.getByRole('button', { name: /^Save 9 group/ }).click();
    assert.equal((await saved).status(), 200);

    // The server's verdict is the one shown while typing: each analyte, each group.
    const results = await s.tech.request<Results>('GET', `/v1/samples/${s.id}/results`);
    assert.deepEqual(results.missingAnalytes, {});
    assert.equal(results.status, 'fail');
    for (const g of results.groups) {
      assert.equal(g.status, liveGroups.get(g.group), `${g.group}: the server's status is the live one`);
      for (const a of g.analytes.filter((x) => !x.computed)) {
        assert.equal(a.status, live.find((r) => r.analyte === a.analyte)?.status, `${a.analyte}: the server's status is the live one`);
      }
    }
    const salmonella = results.groups.find((g) => g.group === 'microbials')!.analytes.find((a) => a.analyte === 'salmonella')!;
    assert.deepEqual({ qualifier: salmonella.qualifier, unit: salmonella.unit }, { qualifier: 'ND', unit: 'CFU/g' });
    assert.equal(
      results.groups.reduce((n, g) => n + g.analytes.filter((a) => !a.computed).length, 0),
      live.length,
      'every typed row stored',
    );

    // After Save the grid shows the stored rows, judged the same.
    await p.getByRole('button', { name: /^Save$/ }).waitFor();
    assert.deepEqual(
      (await gridRows(p)).map((r) => [r.analyte, r.status]),
      live.map((r) => [r.analyte, r.status]),
    );
    await screenshot(p, 'panel-entry-03-saved');
    await context.close();
  });
});

/** The grid's accessible names carry the group as people name it. */
function groupLabelOf(group: string): string {
  const labels: Record<string, string> = {
    cannabinoids: 'Cannabinoids',
    terpenes: 'Terpenes',
    metals: 'Heavy metals',
    pesticides: 'Pesticides',
    mycotoxins: 'Mycotoxins',
    microbials: 'Microbials',
    residual_solvents: 'Residual solvents',
    moisture: 'Moisture',
    water_activity: 'Water activity',
    foreign_matter: 'Foreign matter',
  };
  return labels[group] ?? group;
}
