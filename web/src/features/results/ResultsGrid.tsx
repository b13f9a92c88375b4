import { ActionIcon, Badge, Button, Table, Text } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { Fragment, useRef, type ClipboardEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { AnalyteGroup } from '../../api/types';
import { VerdictBadge } from '../../components/badges';
import { groupLabel, QUALIFIERS } from '../../lib/vocabulary';
import { COLUMNS, parseClipboard, type Column, type GridRow, type PlacedErrors } from './grid-model';
import type { LiveJudgement } from './live-judgement';
import classes from './ResultsGrid.module.css';

const HEADERS: Record<Column, string> = { analyte: 'Analyte', value: 'Value', qualifier: 'Qualifier', unit: 'Unit', lod: 'LOD', loq: 'LOQ' };

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
  const editable = (r: GridRow, c: Column) => !(c === 'analyte' && r.fixedAnalyte);

  function focusVertical(from: number, column: Column, step: 1 | -1) {
    for (let i = from + step; i >= 0 && i < rows.length; i += step) {
      if (!editable(rows[i], column)) continue;
      const el = cells.current.get(`${rows[i].key}:${column}`);
      if (el) {
        el.focus();
        el.select();
        return;
      }
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>, index: number, column: Column) {
    if (e.key === 'Enter' || e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      focusVertical(index, column, e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey) ? -1 : 1);
    }
  }

  function handlePaste(e: ClipboardEvent<HTMLInputElement>, key: string, column: Column) {
    const text = e.clipboardData.getData('text/plain');
    if (!/[\t\n\r]/.test(text.replace(/[\r\n]+$/, ''))) return; // one value: let the input paste it
    e.preventDefault();
    onPaste(key, column, parseClipboard(text));
  }

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
                const status = judged ? judged.status : r.status;
                const limit = judged ? judged.limit : r.limit;
                return (
                  <Table.Tr
                    key={r.key}
                    data-row={r.key}
                    data-group={group}
                    data-analyte={r.analyteId}
                    data-status={status}
                    className={status === 'missing' ? classes.missing : undefined}
                  >
                    {COLUMNS.map((c) => {
                      const message = errors.cells.get(r.key)?.[c];
                      const problem = judged?.problem?.column === c ? judged.problem.message : undefined;
                      const id = `${r.key}-${c}`;
                      if (!editable(r, c)) {
                        return (
                          <Table.Td key={c} className={classes.fixed}>
                            {r.analyte}
                          </Table.Td>
                        );
                      }
                      return (
                        <Table.Td key={c} className={message ? classes.invalid : problem ? classes.doubtful : undefined}>
                          <input
                            id={id}
                            ref={(el) => {
                              if (el) cells.current.set(`${r.key}:${c}`, el);
                              else cells.current.delete(`${r.key}:${c}`);
                            }}
                            className={classes.cell}
                            value={r[c]}
                            placeholder={r[c] ? undefined : placeholderFor?.(r, c)}
                            readOnly={readOnly}
                            list={c === 'qualifier' ? 'qualifiers' : c === 'analyte' ? 'analyte-names' : undefined}
                            inputMode={c === 'value' || c === 'lod' || c === 'loq' ? 'decimal' : undefined}
                            aria-label={`${r.analyte || 'New analyte'} ${HEADERS[c].toLowerCase()} (${groupLabel(group)})`}
                            aria-invalid={message || problem ? true : undefined}
                            aria-describedby={message ? `${id}-error` : problem ? `${id}-problem` : undefined}
                            data-col={c}
                            autoComplete="off"
                            spellCheck={false}
                            onChange={(e) => onChange(r.key, c, e.currentTarget.value)}
                            onKeyDown={(e) => onKeyDown(e, index, c)}
                            onPaste={(e) => handlePaste(e, r.key, c)}
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
                      {errors.cells.get(r.key)?.row && (
                        <div className={classes.error} role="alert">
                          {errors.cells.get(r.key)?.row}
                        </div>
                      )}
                    </Table.Td>
                    <Table.Td className={classes.fixed} title={judged?.reason}>
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
                          onClick={() => onRemoveRow(r.key)}
                          aria-label={`Remove ${r.analyte || 'row'}`}
                        >
                          <IconX size={14} aria-hidden />
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
