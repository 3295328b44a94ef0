import { Field, Select } from '@fluentui/react-components';
import { useState } from 'react';
import type { MeasureInfo, TrendPoint } from '../contract';
import { formatFigure, formatRate, labelWithUnit, scaleOf, sentence } from '../format';
import { SeriesChart } from './chart';
import { ChartFigure } from './chart-figure';
import { DataTable } from './data-table';

const RATE = 'response-rate';

/**
 * A trend across waves: one measure at a time on the chart (measures have different scales), and every measure, wave
 * by wave, in its table. `whose` names the group: "the organisation", or a team's name.
 */
export function Trend(props: {
  readonly title: string;
  readonly whose: string;
  readonly measures: readonly MeasureInfo[];
  readonly trend: readonly (TrendPoint & { readonly reason?: string })[];
}) {
  const [chosen, setChosen] = useState(props.measures[0]?.key ?? RATE);
  const measure = props.measures.find((m) => m.key === chosen);
  const labels = props.trend.map((w) => `Wave ${w.number}`);
  const values = props.trend.map((w) => (measure ? (w.measures[measure.key] ?? null) : w.responseRate));
  const name = measure?.label ?? 'Response rate';
  const shown = values.filter((v) => v !== null).length;
  const picker = (
    <Field label="Measure">
      <Select value={chosen} onChange={(_, data) => setChosen(data.value)}>
        {props.measures.map((m) => (
          <option key={m.key} value={m.key}>
            {m.label}
          </option>
        ))}
        <option value={RATE}>Response rate</option>
      </Select>
    </Field>
  );
  const chart = (
    <SeriesChart
      kind="line"
      labels={labels}
      series={[{ label: `${name}, ${props.whose}`, values }]}
      max={measure ? scaleOf(measure, Math.max(0, ...values.map((v) => v ?? 0))) : 100}
      description={`Line chart of ${name} for ${props.whose} across ${labels.length} waves, ${shown} of them shown. Press "Show as table" for the figures.`}
    />
  );
  const table = (
    <DataTable
      caption={`${props.title}: every measure for ${props.whose}, wave by wave`}
      corner="Wave"
      columns={['Response rate', ...props.measures.map(labelWithUnit)]}
      rows={props.trend.map((w) => ({
        key: w.waveId,
        header: `Wave ${w.number}`,
        cells: [
          formatRate(w.responseRate),
          ...props.measures.map((m) => {
            const value = w.measures[m.key] ?? null;
            return value === null ? sentence(w.reason ?? 'not shown') : formatFigure(m, value);
          }),
        ],
      }))}
    />
  );
  return <ChartFigure title={props.title} controls={picker} chart={chart} table={table} />;
}
