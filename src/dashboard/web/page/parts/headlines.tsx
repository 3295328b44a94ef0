import { Body1, Caption1, Card, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { MeasureInfo, TrendPoint } from '../contract';
import { formatFigure, formatMovement, formatRate } from '../format';

const useStyles = makeStyles({
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))',
    gap: tokens.spacingHorizontalM,
    padding: 0,
    margin: `0 0 ${tokens.spacingVerticalL}`,
    listStyle: 'none',
  },
  card: { height: '100%' },
  figure: {
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
  },
});

/** The latest wave's headline figures, each with its change since the wave before (when both were shown). */
export function Headlines(props: { readonly measures: readonly MeasureInfo[]; readonly trend: readonly TrendPoint[] }) {
  const styles = useStyles();
  const latest = props.trend[props.trend.length - 1];
  const before = props.trend[props.trend.length - 2];
  if (!latest)
    return (
      <Body1 as="p" block>
        No wave of this survey has closed yet.
      </Body1>
    );
  return (
    <ul className={styles.list} aria-label={`Wave ${latest.number} headline figures`}>
      <li>
        <Card className={styles.card}>
          <Caption1>Response rate</Caption1>
          <Text className={styles.figure}>{formatRate(latest.responseRate)}</Text>
          <Caption1>Wave {latest.number}</Caption1>
        </Card>
      </li>
      {props.measures.map((m) => {
        const value = latest.measures[m.key] ?? null;
        const previous = before?.measures[m.key] ?? null;
        return (
          <li key={m.key}>
            <Card className={styles.card}>
              <Caption1>{m.label}</Caption1>
              <Text className={styles.figure}>
                {value === null ? 'Not shown' : formatFigure(m, value)}
                {value !== null && m.unit && m.unit !== '%' ? <Caption1> {m.unit}</Caption1> : null}
              </Text>
              <Caption1>
                {value !== null && previous !== null && before
                  ? `${formatMovement(m, value - previous)} since wave ${before.number}`
                  : 'No change to show'}
              </Caption1>
            </Card>
          </li>
        );
      })}
    </ul>
  );
}
