import { makeStyles, Subtitle1, ToggleButton, tokens } from '@fluentui/react-components';
import { useId, useState, type ReactNode } from 'react';

const useStyles = makeStyles({
  head: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalS,
  },
  // Below the heading and its button, on a line of its own: a long measure name must never crowd the button.
  controls: { marginBottom: tokens.spacingVerticalS, maxWidth: '40em' },
});

/**
 * A chart with its data table: the same figures as a table at the press of a button, for anyone who would rather
 * read numbers than lines, or cannot see the lines at all. `controls` (a measure picker) sit beside the button.
 */
export function ChartFigure(props: {
  readonly title: string;
  readonly chart: ReactNode;
  readonly table: ReactNode;
  readonly controls?: ReactNode;
}) {
  const [asTable, setAsTable] = useState(false);
  const id = useId();
  const styles = useStyles();
  return (
    <section aria-labelledby={id}>
      <div className={styles.head}>
        <Subtitle1 as="h3" block id={id}>
          {props.title}
        </Subtitle1>
        <ToggleButton checked={asTable} onClick={() => setAsTable(!asTable)}>
          Show as table
        </ToggleButton>
      </div>
      {props.controls ? <div className={styles.controls}>{props.controls}</div> : null}
      {asTable ? props.table : props.chart}
    </section>
  );
}
