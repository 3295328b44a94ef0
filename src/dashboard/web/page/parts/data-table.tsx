import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

export const useTableStyles = makeStyles({
  region: {
    overflowX: 'auto',
    maxWidth: '100%',
    marginBottom: tokens.spacingVerticalL,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  table: { borderCollapse: 'collapse', fontSize: tokens.fontSizeBase300, minWidth: '320px' },
  caption: {
    textAlign: 'start',
    fontWeight: tokens.fontWeightSemibold,
    padding: `${tokens.spacingVerticalXS} 0`,
    color: tokens.colorNeutralForeground1,
  },
  cell: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    textAlign: 'start',
    verticalAlign: 'top',
  },
  head: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
  number: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
});

export interface TableRow {
  readonly key: string;
  readonly header: ReactNode;
  readonly cells: readonly ReactNode[];
}

/**
 * A data table as screen readers expect one: a caption, column headers and a row header in each row. A wide table
 * scrolls sideways in a region that takes focus, so a keyboard can scroll it too.
 */
export function DataTable(props: {
  readonly caption: string;
  readonly corner: string;
  readonly columns: readonly string[];
  readonly rows: readonly TableRow[];
  /** Columns that hold figures are right-aligned; true for all but the row header unless said otherwise. */
  readonly numeric?: boolean;
}) {
  const styles = useTableStyles();
  const numeric = props.numeric ?? true;
  const cell = mergeClasses(styles.cell, numeric && styles.number);
  return (
    <div className={styles.region} role="region" aria-label={props.caption} tabIndex={0}>
      <table className={styles.table}>
        <caption className={styles.caption}>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" className={mergeClasses(styles.cell, styles.head)}>
              {props.corner}
            </th>
            {props.columns.map((c) => (
              <th key={c} scope="col" className={mergeClasses(cell, styles.head)}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row" className={mergeClasses(styles.cell, styles.head)}>
                {row.header}
              </th>
              {row.cells.map((c, i) => (
                <td key={i} className={cell}>
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
