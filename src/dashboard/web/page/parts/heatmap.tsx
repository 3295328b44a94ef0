import { Caption1, Link, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { HeatCell, Heatmap, MeasureInfo } from '../contract';
import { comparedWithOrganisation, formatFigure, labelWithUnit, sentence } from '../format';
import { useTableStyles } from './data-table';

const useStyles = makeStyles({
  better: { backgroundColor: tokens.colorStatusSuccessBackground2, color: tokens.colorNeutralForeground1 },
  worse: { backgroundColor: tokens.colorStatusDangerBackground2, color: tokens.colorNeutralForeground1 },
  similar: {},
  hidden: { color: tokens.colorNeutralForeground2, fontStyle: 'italic' },
  reason: { display: 'block', maxWidth: '14em', fontStyle: 'normal', textAlign: 'start' },
  key: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, marginBottom: tokens.spacingVerticalS },
  swatch: { padding: `0 ${tokens.spacingHorizontalS}` },
});

const ROWS_LABEL = { team: 'Team', staffGroup: 'Staff group', directorate: 'Directorate' } as const;

/**
 * Groups against measures for the latest wave. A figure a notable step better or worse than the organisation's is
 * shaded, and says so in words and an arrow too (never by colour alone); every figure that is not shown says why,
 * in the cell itself.
 */
export function HeatmapTable(props: {
  readonly heatmap: Heatmap;
  /** The organisation's figures for the same wave, to compare each cell with. */
  readonly organisation: Readonly<Record<string, number | null>>;
  readonly caption: string;
  /** The link to a row's own page, when the person may open it. */
  readonly linkOf: (rowId: string) => string | undefined;
}) {
  const table = useTableStyles();
  const styles = useStyles();
  const { heatmap } = props;
  return (
    <>
      <div className={styles.key} aria-hidden="true">
        <Caption1 className={mergeClasses(styles.swatch, styles.better)}>▲ better than the organisation</Caption1>
        <Caption1 className={mergeClasses(styles.swatch, styles.worse)}>▼ worse than the organisation</Caption1>
        <Caption1>— not shown, with the reason</Caption1>
      </div>
      <div className={table.region} role="region" aria-label={props.caption} tabIndex={0}>
        <table className={table.table}>
          <caption className={table.caption}>{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col" className={mergeClasses(table.cell, table.head)}>
                {ROWS_LABEL[heatmap.by]}
              </th>
              {heatmap.measures.map((m) => (
                <th key={m.key} scope="col" className={mergeClasses(table.cell, table.head, table.number)}>
                  {labelWithUnit(m)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {heatmap.rows.map((row) => {
              const href = props.linkOf(row.id);
              return (
                <tr key={row.id}>
                  <th scope="row" className={mergeClasses(table.cell, table.head)}>
                    {href ? <Link href={href}>{row.label}</Link> : row.label}
                  </th>
                  {heatmap.measures.map((m) => (
                    <Cell key={m.key} measure={m} cell={cellOf(row.cells, m.key)} organisation={props.organisation} />
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Cell(props: { measure: MeasureInfo; cell: HeatCell; organisation: Readonly<Record<string, number | null>> }) {
  const table = useTableStyles();
  const styles = useStyles();
  const { measure, cell } = props;
  if (cell.value === null)
    return (
      <td className={mergeClasses(table.cell, styles.hidden)}>
        <span aria-hidden="true">—</span>
        <Caption1 className={styles.reason}>{sentence(cell.reason ?? 'not shown')}</Caption1>
      </td>
    );
  const compared = comparedWithOrganisation(measure, cell.value, props.organisation[measure.key]);
  const mark = compared === 'better' ? '▲ ' : compared === 'worse' ? '▼ ' : '';
  return (
    <td className={mergeClasses(table.cell, table.number, styles[compared])}>
      <span aria-hidden="true">{mark}</span>
      {formatFigure(measure, cell.value)}
      {compared === 'similar' ? null : <span className="visually-hidden"> ({compared} than the organisation)</span>}
    </td>
  );
}

function cellOf(cells: readonly HeatCell[], measure: string): HeatCell {
  return cells.find((c) => c.measure === measure) ?? { measure, value: null, reason: 'Not asked in this survey' };
}
