import { ConfigValidationError, defaultEnv, validateEnv } from '../env.schema';

const secret = { JWT_SECRET: 'x'.repeat(32) };
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    validateEnv({ ...secret, ...env });
    return [];
  } catch (e) {
    return (e as ConfigValidationError).problems;
  }
};

describe('UploadsEnv: uploads received at once and the body deadline', () => {
  it('defaults to 8 per process, 3 per user and 60 s to receive a body', () => {
    const e = defaultEnv();
    expect([e.MAX_CONCURRENT_UPLOADS, e.MAX_CONCURRENT_UPLOADS_PER_USER, e.UPLOAD_BODY_TIMEOUT_MS]).toEqual([8, 3, 60000]);
    expect(validateEnv({ ...secret, MAX_CONCURRENT_UPLOADS: '20', MAX_CONCURRENT_UPLOADS_PER_USER: '20' }).MAX_CONCURRENT_UPLOADS_PER_USER).toBe(20);
  });

  it('names a per-user cap above the process cap, and a deadline out of range', () => {
    expect(problemsOf({ MAX_CONCURRENT_UPLOADS: '2' })).toEqual([
      'MAX_CONCURRENT_UPLOADS_PER_USER: MAX_CONCURRENT_UPLOADS_PER_USER must not be more than MAX_CONCURRENT_UPLOADS',
    ]);
    expect(problemsOf({ MAX_CONCURRENT_UPLOADS: '0', MAX_CONCURRENT_UPLOADS_PER_USER: 'x' }).map((p) => p.slice(0, p.indexOf(':')))).toEqual([
      'MAX_CONCURRENT_UPLOADS',
      'MAX_CONCURRENT_UPLOADS_PER_USER',
    ]);
    expect(problemsOf({ UPLOAD_BODY_TIMEOUT_MS: '600000' })).toEqual([
      'UPLOAD_BODY_TIMEOUT_MS: UPLOAD_BODY_TIMEOUT_MS must not be more than 300000 (5 minutes)',
    ]);
    expect(problemsOf({ UPLOAD_BODY_TIMEOUT_MS: '10' })).toEqual(['UPLOAD_BODY_TIMEOUT_MS: UPLOAD_BODY_TIMEOUT_MS must not be less than 1000']);
  });
});
