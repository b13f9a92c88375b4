import { Button, Table, Text } from '@mantine/core';
import { Fragment, useMemo, useRef, type ClipboardEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { AnalyteGroup } from '../../api/types';
import { groupLabel, QUALIFIERS } from '../../lib/vocabulary';
import { COLUMNS, parseClipboard, type Column, type GridRow, type PlacedErrors } from './grid-model';
import type { LiveJudgement } from './live-judgement';
import classes from './ResultsGrid.module.css';
import { editable, HEADERS, ResultsGridRow, type RowHandlers } from './ResultsGridRow';

interface Props {
  rows: GridRow[];
  errors: PlacedErrors;
  readOnly: boolean;
  analyteSuggestions: string[];
  onChange: (key: string, column: Column, value: string) => void;
  onPaste: (key: string, column: Column, block: string[][]) => void;
  onAddRow: (group: AnalyteGroup) => void;
  onRemoveRow: (key: string) => void;
  /** Per group, how many analytes the limit set expects that are not rows yet (a long list waits for a click). */
  hiddenMissing?: Map<AnalyteGroup, number>;
  onAddMissing?: (group: AnalyteGroup) => void;
  /** Shown in a group's heading row after its name (the method and analysed day). */
  groupExtra?: (group: AnalyteGroup) => ReactNode;
  /** A hint in an empty cell, e.g. the method's LOQ that applies when the cell stays blank. */
  placeholderFor?: (row: GridRow, column: Column) => string | undefined;
  /** Statuses and limits judged while typing; rows without one show what the server judged. */
  live?: LiveJudgement;
  /** After a group's name: its live status and what is missing. */
  groupSummary?: (group: AnalyteGroup) => ReactNode;
  /** More buttons in a group's heading (the method's other analytes). */
  groupActions?: (group: AnalyteGroup) => ReactNode;
}

/**
 * A keyboard-first grid: Tab and Shift+Tab walk across, Enter and Shift+Enter (or the arrow keys) walk
 * down and up a column, and a block pasted from a spreadsheet fills down and across from the cell.
 */
export function ResultsGrid({
  rows,
  errors,
  readOnly,
  analyteSuggestions,
  onChange,
  onPaste,
  onAddRow,
  onRemoveRow,
  hiddenMissing,
  onAddMissing,
  groupExtra,
  placeholderFor,
  live,
  groupSummary,
  groupActions,
}: Props) {
  const cells = useRef(new Map<string, HTMLInputElement>());
  // The latest rows and callbacks, read by handlers that stay the same functions, so memoised rows stay put.
  const latest = useRef({ rows, onChange, onPaste, onRemoveRow });
  latest.current = { rows, onChange, onPaste, onRemoveRow };

  const handlers = useMemo<RowHandlers>(() => {
    function focusVertical(from: number, column: Column, step: 1 | -1) {
      const all = latest.current.rows;
      for (let i = from + step; i >= 0 && i < all.length; i += step) {
        if (!editable(all[i], column)) continue;
        const el = cells.current.get(`${all[i].key}:${column}`);
        if (el) {
          el.focus();
          el.select();
          return;
        }
      }
    }
    return {
      change: (key, column, value) => latest.current.onChange(key, column, value),
      keyDown: (e: KeyboardEvent<HTMLInputElement>, index, column) => {
        if (e.key === 'Enter' || e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          focusVertical(index, column, e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey) ? -1 : 1);
        }
      },
      paste: (e: ClipboardEvent<HTMLInputElement>, key, column) => {
        const text = e.clipboardData.getData('text/plain');
        if (!/[\t\n\r]/.test(text.replace(/[\r\n]+$/, ''))) return; // one value: let the input paste it
        e.preventDefault();
        latest.current.onPaste(key, column, parseClipboard(text));
      },
      remove: (key) => latest.current.onRemoveRow(key),
      cell: (key, column, el) => {
        if (el) cells.current.set(`${key}:${column}`, el);
        else cells.current.delete(`${key}:${column}`);
      },
    };
  }, []);

  const groups = [...new Set(rows.map((r) => r.group))];
  return (
    <Table.ScrollContainer minWidth={720}>
      <datalist id="qualifiers">
        {QUALIFIERS.map((q) => (
          <option key={q} value={q} />
        ))}
      </datalist>
      <datalist id="analyte-names">
        {analyteSuggestions.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <Table className={classes.grid} withTableBorder withColumnBorders verticalSpacing={2} aria-label="Results entry">
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((c) => (
              <Table.Th key={c}>{HEADERS[c]}</Table.Th>
            ))}
            <Table.Th>Limit</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>
              <span className={classes.srOnly}>Remove</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((group) => (
            <Fragment key={group}>
              <Table.Tr className={classes.groupRow}>
                <Table.Th colSpan={COLUMNS.length + 3} scope="rowgroup" data-group={group}>
                  <span>{groupLabel(group)}</span>
                  {groupSummary?.(group)}
                  {groupExtra?.(group)}
                  {errors.groups.get(group) && (
                    <Text span c="red.9" size="sm" ml="sm" role="alert">
                      {errors.groups.get(group)}
                    </Text>
                  )}
                  {!readOnly && (
                    <Button size="compact-xs" variant="subtle" ml="sm" onClick={() => onAddRow(group)} aria-label={`Add analyte to ${groupLabel(group)}`}>
                      Add analyte
                    </Button>
                  )}
                  {!readOnly && !!hiddenMissing?.get(group) && (
                    <Button size="compact-xs" variant="subtle" ml="xs" onClick={() => onAddMissing?.(group)}>
                      Add the {hiddenMissing.get(group)} analytes the limit set expects
                    </Button>
                  )}
                  {!readOnly && groupActions?.(group)}
                </Table.Th>
              </Table.Tr>
              {rows.map((r, index) => {
                if (r.group !== group) return null;
                const judged = live?.rows.get(r.key);
                return (
                  <ResultsGridRow
                    key={r.key}
                    row={r}
                    index={index}
                    readOnly={readOnly}
                    status={judged ? judged.status : r.status}
                    limit={judged ? judged.limit : r.limit}
                    reason={judged?.reason}
                    problemColumn={judged?.problem?.column}
                    problemMessage={judged?.problem?.message}
                    cellErrors={errors.cells.get(r.key)}
                    placeholders={COLUMNS.map((c) => (r[c] ? '' : (placeholderFor?.(r, c) ?? ''))).join('\u0000')}
                    handlers={handlers}
                  />
                );
              })}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
