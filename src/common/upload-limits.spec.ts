import { MulterError } from 'multer';
import { bodyTimeoutRefusal, slotRefusal, uploadRefusal } from './upload-limits';

describe('uploadRefusal', () => {
  it('states the limit a multipart upload broke', () => {
    expect(uploadRefusal(new MulterError('LIMIT_FILE_SIZE', 'file'), 'file', 2048)).toEqual({
      statusCode: 413,
      error: 'FILE_TOO_LARGE',
      message: 'The file is larger than the upload limit of 2048 bytes.',
      details: { maxBytes: 2048 },
    });
    expect(uploadRefusal(new MulterError('LIMIT_FIELD_COUNT'), 'file', 1)?.message).toBe('The form has more text fields than the limit of 12.');
    expect(uploadRefusal(new MulterError('LIMIT_PART_COUNT'), 'file', 1)?.message).toBe('The form has more parts than the limit of 14.');
    expect(uploadRefusal(new MulterError('LIMIT_FIELD_VALUE', 'columnMapping'), 'file', 1)?.message).toBe(
      'A form field ("columnMapping") is longer than the limit of 16 KiB (16384 bytes).',
    );
  });

  it('says what is malformed, and leaves errors that are not the caller’s to the filter (500)', () => {
    expect(uploadRefusal(new MulterError('LIMIT_UNEXPECTED_FILE', 'other'), 'file', 1)).toMatchObject({
      statusCode: 400,
      message: 'Send exactly one file, in the multipart field "file".',
    });
    expect(uploadRefusal(new Error('Unexpected end of form'), 'file', 1)).toMatchObject({ statusCode: 400, error: 'INVALID_UPLOAD' });
    expect(uploadRefusal(new Error('ENOSPC: no space left on device'), 'file', 1)).toBeNull();
  });

  it('takes a client that hung up mid-body for the client’s doing, not a 500', () => {
    expect(uploadRefusal(new Error('Request aborted'), 'file', 1)).toMatchObject({ statusCode: 400, error: 'INVALID_UPLOAD' });
    expect(uploadRefusal(new Error('Request closed'), 'file', 1)).toMatchObject({ statusCode: 400, error: 'INVALID_UPLOAD' });
  });
});

describe('slotRefusal and bodyTimeoutRefusal', () => {
  it('answers 429 when the user holds their share and 503 when the process is full, stating the cap', () => {
    expect(slotRefusal({ taken: false, scope: 'user', limit: 3 })).toEqual({
      statusCode: 429,
      error: 'TOO_MANY_UPLOADS',
      message: 'You already have 3 uploads in progress, the most one user may send at once; send this one when one of them has finished.',
      details: { maxConcurrentUploadsPerUser: 3 },
    });
    expect(slotRefusal({ taken: false, scope: 'process', limit: 8 })).toEqual({
      statusCode: 503,
      error: 'UPLOADS_BUSY',
      message: 'The server is already receiving 8 uploads, the most it takes at once; try again shortly.',
      details: { maxConcurrentUploads: 8 },
    });
  });

  it('answers 408 for a body that did not arrive in time, stating the time', () => {
    expect(bodyTimeoutRefusal(60000)).toEqual({
      statusCode: 408,
      error: 'UPLOAD_TIMEOUT',
      message: 'The upload did not arrive within 60 s and was cut off; nothing was stored. Send it again.',
      details: { timeoutMs: 60000 },
    });
    expect(bodyTimeoutRefusal(1500).message).toMatch(/within 1\.5 s/);
  });
});
