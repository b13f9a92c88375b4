import { BadRequestException } from '@nestjs/common';
import { UuidPipe } from './uuid.pipe';

describe('UuidPipe', () => {
  const pipe = new UuidPipe();
  const param = (data: string) => ({ type: 'param' as const, data });

  it('passes a UUID through, lower-cased', () => {
    expect(pipe.transform('3F2504E0-4F89-41D3-9A0C-0305E82C3301', param('id'))).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
  });

  it('refuses anything else with the parameter named', () => {
    for (const bad of ['', 'not-a-uuid', '3f2504e0-4f89-41d3-9a0c-0305e82c330', '------------------------------------', "1' OR '1'='1"]) {
      try {
        pipe.transform(bad, param('flagId'));
        throw new Error(`accepted ${bad}`);
      } catch (e) {
        expect(e).toBeInstanceOf(BadRequestException);
        expect((e as BadRequestException).getResponse()).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          message: ['flagId must be a UUID'],
          details: [{ field: 'flagId', message: 'flagId must be a UUID' }],
        });
      }
    }
  });
});
