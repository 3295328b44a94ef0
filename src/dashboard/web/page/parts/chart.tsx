import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { makeStyles } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import { seriesStyles, useThemeColours } from '../theme';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
);
Chart.register(Tooltip);
Chart.defaults.font.family =
  '"Segoe UI", "Segoe UI Web (West European)", -apple-system, Roboto, "Helvetica Neue", sans-serif';

export interface Series {
  readonly label: string;
  /** One value per label; null where the figure is not shown (the line breaks there, it does not guess). */
  readonly values: readonly (number | null)[];
}

const useStyles = makeStyles({ frame: { position: 'relative', height: '260px', maxWidth: '760px' } });

/**
 * A Chart.js line or bar chart in the theme's colours. The canvas is one image to a screen reader, described by
 * `description`; the figures themselves are in the data table the chart's figure offers beside it.
 */
export function SeriesChart(props: {
  readonly kind: 'line' | 'bar';
  readonly labels: readonly string[];
  readonly series: readonly Series[];
  readonly max: number;
  readonly description: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useThemeColours();
  const styles = useStyles();
  const data = JSON.stringify([props.kind, props.labels, props.series, props.max]);
  useEffect(() => {
    if (!canvas.current) return;
    const style = seriesStyles(theme);
    const ink = theme.colorNeutralForeground2;
    const grid = theme.colorNeutralStroke2;
    const axis = { ticks: { color: ink }, grid: { color: grid }, border: { color: ink } };
    const chart = new Chart(canvas.current, {
      type: props.kind,
      data: {
        labels: [...props.labels],
        datasets: props.series.map((s, i) => {
          const { colour, dash, point } = style(i);
          return {
            label: s.label,
            data: [...s.values],
            borderColor: colour,
            backgroundColor: colour,
            borderDash: props.kind === 'line' ? dash : [],
            borderWidth: 2,
            pointStyle: point,
            pointRadius: 5,
          };
        }),
      },
      options: {
        // Motion helps nobody read a figure, and some it harms (WCAG 2.3.3).
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { ...axis, offset: true }, y: { ...axis, min: 0, max: props.max } },
        plugins: { legend: { labels: { color: ink, usePointStyle: true } } },
      },
    });
    return () => chart.destroy();
    // `data` stands for kind, labels, series and max.
  }, [data, theme]);
  return (
    <div className={styles.frame}>
      <canvas ref={canvas} role="img" aria-label={props.description} />
    </div>
  );
}
