import type { MeasureInfo } from './contract';

/** A measure's scale: the server's word, or (for older answers without one) read off the figure itself. */
export function scaleOf(measure: MeasureInfo | undefined, value?: number | null): 10 | 100 {
  if (measure?.scale) return measure.scale;
  if (measure?.unit === '%' || measure?.unit === '/100') return 100;
  return value !== null && value !== undefined && value > 10 ? 100 : 10;
}

/** A figure as leaders read it: "7.2" on a 0–10 scale, "64%" for a share, "38" on a 0–100 score. */
export function formatFigure(measure: MeasureInfo | undefined, value: number): string {
  if (measure?.unit === '%') return `${Math.round(value)}%`;
  return scaleOf(measure, value) === 10 ? value.toFixed(1) : String(Math.round(value));
}

/** A measure's label with its unit, for column headers: "Engagement (/10)". */
export function labelWithUnit(measure: MeasureInfo): string {
  return measure.unit && measure.unit !== '%' ? `${measure.label} (${measure.unit})` : measure.label;
}

export function formatRate(rate: number | null): string {
  return rate === null ? 'not known' : `${Math.round(rate)}%`;
}

/** A change with its sign, in the measure's own terms: "+0.4", "−3", and a share's in points ("+3 points"). */
export function formatMovement(measure: MeasureInfo | undefined, movement: number): string {
  if (Math.abs(movement) < 1e-9) return 'no change';
  const sign = movement > 0 ? '+' : '\u2212';
  if (measure?.unit === '%') return `${sign}${Math.round(Math.abs(movement))} points`;
  return `${sign}${formatFigure(measure, Math.abs(movement))}`;
}

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return 'not yet';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE.format(date);
}

/** How far a figure is from the organisation's before it is called out: 5 points on 0–100, 0.5 on 0–10 (results). */
export function comparedWithOrganisation(
  measure: MeasureInfo,
  value: number,
  organisation: number | null | undefined,
): 'better' | 'worse' | 'similar' {
  if (organisation === null || organisation === undefined) return 'similar';
  const notable = scaleOf(measure, value) === 10 ? 0.5 : 5;
  const difference = (value - organisation) * (measure.higherIsWorse ? -1 : 1);
  if (difference >= notable) return 'better';
  if (difference <= -notable) return 'worse';
  return 'similar';
}

/** The server's reason as a sentence: "fewer than 10 answered" → "Fewer than 10 answered". */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
