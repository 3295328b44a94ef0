import { Button, Field, makeStyles, Select, Text, tokens } from '@fluentui/react-components';
import { THEME_LABELS, type ThemeName } from './theme';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  title: { marginInlineEnd: 'auto' },
});

/** The page's banner: its name, who is signed in, and in local mode the theme and a way to be someone else. */
export function Header(props: {
  readonly who?: string;
  readonly theme: ThemeName;
  /** Given when the page chooses its own theme (local mode, or outside a Teams host). */
  readonly onTheme?: (theme: ThemeName) => void;
  readonly onSignOut?: () => void;
}) {
  const styles = useStyles();
  return (
    <header className={styles.bar}>
      <Text weight="semibold" size={400} className={styles.title}>
        Staff Voice results
      </Text>
      {props.who ? <Text>Signed in as {props.who}</Text> : null}
      {props.onTheme ? (
        <Field label="Theme" orientation="horizontal">
          <Select value={props.theme} onChange={(_, data) => props.onTheme?.(data.value as ThemeName)}>
            {Object.entries(THEME_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      {props.onSignOut ? <Button onClick={props.onSignOut}>Sign in as someone else</Button> : null}
    </header>
  );
}
