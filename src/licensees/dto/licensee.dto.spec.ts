import { BadRequestException } from '@nestjs/common';
import { createValidationPipe } from '../../common/validation';
import { CreateLicenseeDto } from './licensee.dto';

const LICENSE = 'OCM-CULT-24-000123';

/** The body as the global pipe binds it: the DTO, or the 400 body's field messages. */
async function bind(body: Record<string, unknown>): Promise<CreateLicenseeDto | Array<{ field: string; message: string }>> {
  try {
    return (await createValidationPipe().transform(body, { type: 'body', metatype: CreateLicenseeDto })) as CreateLicenseeDto;
  } catch (e) {
    if (!(e instanceof BadRequestException)) throw e;
    return (e.getResponse() as { details: Array<{ field: string; message: string }> }).details;
  }
}

describe('CreateLicenseeDto name', () => {
  it('stores the name as it prints: NFC, trimmed, inner spaces collapsed; a Greek letter in a Latin brand is allowed', async () => {
    // A decomposed é (e + combining acute) is stored composed.
    expect(await bind({ licenseNumber: LICENSE, name: '  Cafe\u0301\u00A0 Verde  Farms LLC ' })).toMatchObject({ name: 'Caf\u00E9 Verde Farms LLC' });
    expect(await bind({ licenseNumber: LICENSE, name: '\u03A9mega Farms LLC' })).toMatchObject({ name: '\u03A9mega Farms LLC' });
  });

  it.each([
    ['a zero-width space', 'Hudson\u200B Valley Farms', 'U+200B'],
    ['a right-to-left override', 'Hudson \u202EsmraF', 'U+202E'],
    ['a newline inside', 'Hudson\nValley', 'U+000A'],
  ])('refuses %s, naming the code point', async (_what, name, code) => {
    expect(await bind({ licenseNumber: LICENSE, name })).toEqual([
      {
        field: 'name',
        message: `name must not contain control, invisible or bidi formatting characters (found ${code}); printed names must be unambiguous on certificates`,
      },
    ]);
  });

  it('refuses a name without a letter', async () => {
    expect(await bind({ licenseNumber: LICENSE, name: '000 - 1' })).toEqual([
      { field: 'name', message: 'name must contain a letter; printed names must be unambiguous on certificates' },
    ]);
  });
});
