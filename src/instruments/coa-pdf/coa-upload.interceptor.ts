import { SingleFileUpload } from '../../common/upload-limits';

/**
 * The COA PDF in the one `file` field, up to MAX_UPLOAD_BYTES, with the shared form limits; a larger
 * file is a 413 FILE_TOO_LARGE that states the limit.
 */
export const CoaUploadInterceptor = SingleFileUpload();
