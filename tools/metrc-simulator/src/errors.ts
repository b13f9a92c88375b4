import { Reply } from './http-io';

/** Metrc's validation shape: lowercase keys, `row` the 0-based index into the request array. */
export interface RowError {
  row: number;
  message: string;
}

/** Thrown anywhere in a handler; carries the exact answer Metrc would give. */
export class MetrcError extends Error {
  constructor(readonly reply: Reply) {
    super(reply.text ?? JSON.stringify(reply.json));
  }
}

/** `{"Message": "..."}`: Metrc's shape for everything that is not a row-level validation problem. */
export const messageError = (status: number, message: string, headers?: Record<string, string>) =>
  new MetrcError({ status, json: { Message: message }, ...(headers && { headers }) });

export const rowErrors = (rows: RowError[]) => new MetrcError({ status: 400, json: rows });

/** Bad credentials come back as text/plain, not JSON. */
export const textError = (status: number, text: string) => new MetrcError({ status, text });

export const DENIED = 'Authorization has been denied for this request.';
export const RATE_LIMITED = 'The limit of API calls allowed has been exceeded. Please try again later.';
export const NO_DATA = 'No data was submitted.';
export const SERVER_ERROR = 'An error has occurred.';

export const notFoundRoute = (path: string) => messageError(404, `No HTTP resource was found that matches the request URI '${path}'.`);
export const unsupportedMethod = (method: string) => messageError(405, `The requested resource does not support http method '${method}'.`);
export const badRequest = (message: string) => messageError(400, message);
export const unauthorized = (message: string) => messageError(401, message);

/** A refused /_sim/ control call or setting: answered 400 `{ message }`. */
export class InvalidInput extends Error {}
