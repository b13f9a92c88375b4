import { BadRequestException } from '@nestjs/common';
import { IsOptional } from 'class-validator';
import { createValidationPipe } from './validation';
import { WholeNumberQuery } from './whole-number-query';

class PageQuery {
  @IsOptional()
  @WholeNumberQuery(0, 1000)
  offset?: number;
}

/** The query as the global pipe binds it: a PageQuery, or the 400 body's field messages. */
async function bind(query: Record<string, unknown>): Promise<PageQuery | Array<{ field: string; message: string }>> {
  try {
    return (await createValidationPipe().transform(query, { type: 'query', metatype: PageQuery })) as PageQuery;
  } catch (e) {
    if (!(e instanceof BadRequestException)) throw e;
    return (e.getResponse() as { details: Array<{ field: string; message: string }> }).details;
  }
}

describe('WholeNumberQuery', () => {
  it.each([
    ['0', 0],
    ['7', 7],
    ['007', 7],
    ['1000', 1000],
  ])('takes %p as %p', async (text, n) => expect(await bind({ offset: text })).toEqual(Object.assign(new PageQuery(), { offset: n })));

  it('leaves an absent value absent', async () => expect(await bind({})).toEqual(new PageQuery()));

  it.each(['1e3', '1e20', '9007199254740993', '1001', '-1', '+5', '1.0', '1.5', '0x10', ' 5', '5 ', '', 'ten', 'Infinity', '١٢'])(
    'refuses %p with the field named',
    async (text) => expect(await bind({ offset: text })).toEqual([{ field: 'offset', message: 'offset must be a whole number from 0 to 1000' }]),
  );

  it('refuses the parameter given twice', async () =>
    expect(await bind({ offset: ['1', '2'] })).toEqual([{ field: 'offset', message: 'offset must be a whole number from 0 to 1000' }]));
});
