import { assertRowCount, assertTextShape } from '../../common/parsing/text-shape';
import { unrecognisedExportError } from '../import-refusal';
import { InstrumentsError, InstrumentsErrorCode } from '../instruments.errors';
import { UnrecognisedExportError } from '../parsers/near-miss';
import { detectFormat, parserFor } from '../parsers/parser-registry';
import type { InstrumentFormat, ParseOptions, ParseResult } from '../parsers/parser.types';
import { ParseError } from '../parsers/parser.types';
import { decodeExport } from '../parsers/text-input';
import { outcomeOf, TaskOutcome } from './task-outcome';

/** Runs in a parsing thread (see ParsePool): never imported by the API's side. */

export interface ExportParseInput {
  bytes: Uint8Array;
  filename: string;
  format?: InstrumentFormat;
  options: ParseOptions;
}

/**
 * An instrument export as parseInstrumentExport reads it (decode, detect or take the named format,
 * parse), between the text-shape caps and the row cap, with its refusals as the import answers them.
 */
export function parseExport(input: ExportParseInput): Promise<TaskOutcome<ParseResult>> {
  return outcomeOf(() => {
    const text = decodeExport(Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength));
    assertTextShape(text, input.filename);
    try {
      const parser = input.format ? parserFor(input.format) : detectFormat(text);
      const result = parser.parse(text, input.options);
      assertRowCount(result.rows.length, input.filename);
      return result;
    } catch (e) {
      if (e instanceof UnrecognisedExportError) throw unrecognisedExportError(input.filename, e);
      if (e instanceof ParseError) {
        throw new InstrumentsError(InstrumentsErrorCode.UNREADABLE_EXPORT, `${input.filename}: ${e.message}; nothing was stored`, [
          { field: 'file', message: e.message },
        ]);
      }
      throw e;
    }
  });
}
