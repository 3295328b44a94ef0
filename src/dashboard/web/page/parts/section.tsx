import { makeStyles, Title2, tokens } from '@fluentui/react-components';
import { useId, type ReactNode } from 'react';

const useStyles = makeStyles({ section: { marginTop: tokens.spacingVerticalXXL } });

/** One part of a view under its h2, which names it for a screen reader's list of regions too. */
export function Section({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  const id = useId();
  const styles = useStyles();
  return (
    <section aria-labelledby={id} className={styles.section}>
      <Title2 as="h2" block id={id}>
        {title}
      </Title2>
      {children}
    </section>
  );
}
