import { ActionIcon, Badge, Table } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { memo, type ClipboardEvent, type KeyboardEvent } from 'react';
import { VerdictBadge } from '../../components/badges';
import { groupLabel } from '../../lib/vocabulary';
import { COLUMNS, type Column, type GridRow } from './grid-model';
import classes from './ResultsGrid.module.css';

export const HEADERS: Record<Column, string> = { analyte: 'Analyte', value: 'Value', qualifier: 'Qualifier', unit: 'Unit', lod: 'LOD', loq: 'LOQ' };

/** The grid's handlers, the same functions for the grid's whole life (a row re-renders only when what it shows changes). */
export interface RowHandlers {
  change: (key: string, column: Column, value: string) => void;
  keyDown: (e: KeyboardEvent<HTMLInputElement>, index: number, column: Column) => void;
  paste: (e: ClipboardEvent<HTMLInputElement>, key: string, column: Column) => void;
  remove: (key: string) => void;
  /** Keeps the grid's map of inputs (for Enter and the arrow keys) up to date. */
  cell: (key: string, column: Column, el: HTMLInputElement | null) => void;
}

export interface RowProps {
  row: GridRow;
  index: number;
  readOnly: boolean;
  /** Live status, or the server's; 'missing' for a required analyte with no value. */
  status: string | undefined;
  limit: string | null | undefined;
  reason: string | undefined;
  problemColumn: Column | undefined;
  problemMessage: string | undefined;
  /** The API's field errors on this row's cells (the same object while they do not change). */
  cellErrors: Partial<Record<Column | 'row', string>> | undefined;
  /** Hints in empty cells, joined by column (a string, so an unchanged hint keeps the row unchanged). */
  placeholders: string;
  handlers: RowHandlers;
}

/** The analyte cell of a row the template or the results named is text, not an input. */
export const editable = (r: GridRow, c: Column) => !(c === 'analyte' && r.fixedAnalyte);

/**
 * One analyte's row. Memoised: typing into one cell re-renders that row (and rows whose live status
 * changed), not the 800 inputs of a full panel, which took 60-100 ms a keystroke on a two-core machine.
 */
export const ResultsGridRow = memo(function ResultsGridRow({
  row: r,
  index,
  readOnly,
  status,
  limit,
  reason,
  problemColumn,
  problemMessage,
  cellErrors,
  placeholders,
  handlers,
}: RowProps) {
  const hints = placeholders.split('\u0000');
  return (
    <Table.Tr
      data-row={r.key}
      data-group={r.group}
      data-analyte={r.analyteId}
      data-status={status}
      className={status === 'missing' ? classes.missing : undefined}
    >
      {COLUMNS.map((c, ci) => {
        const message = cellErrors?.[c];
        const problem = problemColumn === c ? problemMessage : undefined;
        const id = `${r.key}-${c}`;
        if (!editable(r, c)) {
          return (
            <Table.Td key={c} className={`${classes.fixed} ${classes.analyteName}`}>
              {r.analyte}
            </Table.Td>
          );
        }
        return (
          <Table.Td key={c} className={message ? classes.invalid : problem ? classes.doubtful : undefined}>
            <input
              id={id}
              ref={(el) => handlers.cell(r.key, c, el)}
              className={classes.cell}
              value={r[c]}
              placeholder={r[c] ? undefined : hints[ci] || undefined}
              readOnly={readOnly}
              list={c === 'qualifier' ? 'qualifiers' : c === 'analyte' ? 'analyte-names' : undefined}
              inputMode={c === 'value' || c === 'lod' || c === 'loq' ? 'decimal' : undefined}
              aria-label={`${r.analyte || 'New analyte'} ${HEADERS[c].toLowerCase()} (${groupLabel(r.group)})`}
              aria-invalid={message || problem ? true : undefined}
              aria-describedby={message ? `${id}-error` : problem ? `${id}-problem` : undefined}
              data-col={c}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => handlers.change(r.key, c, e.currentTarget.value)}
              onKeyDown={(e) => handlers.keyDown(e, index, c)}
              onPaste={(e) => handlers.paste(e, r.key, c)}
            />
            {message && (
              <div id={`${id}-error`} className={classes.error} role="alert">
                {message}
              </div>
            )}
            {!message && problem && (
              <div id={`${id}-problem`} className={classes.problem}>
                {problem}
              </div>
            )}
          </Table.Td>
        );
      })}
      <Table.Td className={classes.fixed}>
        {limit ?? ''}
        {cellErrors?.row && (
          <div className={classes.error} role="alert">
            {cellErrors.row}
          </div>
        )}
      </Table.Td>
      <Table.Td className={classes.fixed} title={reason}>
        {status === 'missing' ? (
          <Badge color="gray.9" variant="outline" size="xs">
            Missing
          </Badge>
        ) : (
          status && <VerdictBadge status={status} size="xs" />
        )}
      </Table.Td>
      <Table.Td className={classes.fixed}>
        {!readOnly && (
          <ActionIcon
            variant="subtle"
            color="gray.7"
            size="sm"
            tabIndex={-1}
            onClick={() => handlers.remove(r.key)}
            aria-label={`Remove ${r.analyte || 'row'}`}
          >
            <IconX size={14} aria-hidden />
          </ActionIcon>
        )}
      </Table.Td>
    </Table.Tr>
  );
});
