import {
  Body1,
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { DashboardApi } from '../api';
import type { TrendPoint } from '../contract';

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'flex-end', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  note: { marginTop: tokens.spacingVerticalS },
});

type Outcome =
  { kind: 'idle' } | { kind: 'busy' } | { kind: 'ready'; until: string } | { kind: 'failed'; message: string };

/**
 * The CSV of a wave's published figures, as the bot offers it: the server makes a single-use link that lasts a few
 * minutes, and the page follows it at once to download the file. The link is never shown, since it works once.
 */
export function ExportCsv(props: {
  readonly api: DashboardApi;
  readonly surveyId: string;
  readonly waves: readonly TrendPoint[];
}) {
  const styles = useStyles();
  const latest = props.waves[props.waves.length - 1];
  const [waveId, setWaveId] = useState(latest?.waveId ?? '');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  if (!latest)
    return (
      <Body1 as="p" block>
        There is no closed wave to download yet.
      </Body1>
    );
  const download = async () => {
    setOutcome({ kind: 'busy' });
    try {
      const link = await props.api.exportWave(props.surveyId, waveId);
      follow(link.url);
      setOutcome({
        kind: 'ready',
        until: new Date(link.expiresAt).toLocaleTimeString('en-GB', { timeStyle: 'short' }),
      });
    } catch (error) {
      setOutcome({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <>
      <div className={styles.row}>
        <Field label="Wave">
          <Select value={waveId} onChange={(_, data) => setWaveId(data.value)}>
            {[...props.waves].reverse().map((w) => (
              <option key={w.waveId} value={w.waveId}>
                Wave {w.number}
              </option>
            ))}
          </Select>
        </Field>
        <Button appearance="primary" disabled={outcome.kind === 'busy'} onClick={() => void download()}>
          Download CSV
        </Button>
      </div>
      <div className={styles.note} aria-live="polite">
        {outcome.kind === 'ready' ? (
          <MessageBar intent="success">
            <MessageBarBody>
              The CSV is downloading. Its link worked once and has now been used; make another any time (each lasts
              until {outcome.until} at the latest).
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {outcome.kind === 'failed' ? (
          <MessageBar intent="error">
            <MessageBarBody>The CSV could not be made: {outcome.message}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
    </>
  );
}

/** Follows a download link in place: the server sends it as an attachment, so the page stays where it is. */
function follow(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}
