import { makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { useEffect, useRef, type ReactNode } from 'react';

const useStyles = makeStyles({
  heading: {
    ...typographyStyles.title1,
    margin: `${tokens.spacingVerticalL} 0 ${tokens.spacingVerticalM}`,
    ':focus': { outline: 'none' },
  },
});

/**
 * A view's one h1. It takes focus when the view opens, so a keyboard or screen reader user who followed a link
 * lands on the new view's name rather than at the top of the page; the document's title follows it.
 */
export function ViewHeading({ children, title }: { children: ReactNode; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const styles = useStyles();
  useEffect(() => {
    document.title = `${title} – Staff Voice results`;
    ref.current?.focus();
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1} className={styles.heading}>
      {children}
    </h1>
  );
}
