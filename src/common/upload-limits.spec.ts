import { MulterError } from 'multer';
import { uploadRefusal } from './upload-limits';

describe('uploadRefusal', () => {
  it('states the limit a multipart upload broke', () => {
    expect(uploadRefusal(new MulterError('LIMIT_FILE_SIZE', 'file'), 'file', 2048)).toEqual({
      statusCode: 413,
      error: 'FILE_TOO_LARGE',
      message: 'The file is larger than the upload limit of 2048 bytes.',
      details: { maxBytes: 2048 },
    });
    expect(uploadRefusal(new MulterError('LIMIT_FIELD_COUNT'), 'file', 1)?.message).toBe('The form has more text fields than the limit of 8.');
    expect(uploadRefusal(new MulterError('LIMIT_PART_COUNT'), 'file', 1)?.message).toBe('The form has more parts than the limit of 10.');
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
});
