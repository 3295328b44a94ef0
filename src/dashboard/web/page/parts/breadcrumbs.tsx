import { Link, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  list: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, listStyle: 'none', margin: 0, padding: 0 },
  item: { '&:not(:last-child)::after': { content: '"›"', marginInlineStart: tokens.spacingHorizontalS } },
});

/** Where the view sits: every step back is a link; the last names the view itself. */
export function Breadcrumbs({ steps }: { readonly steps: readonly { label: string; href?: string }[] }) {
  const styles = useStyles();
  return (
    <nav aria-label="Breadcrumb">
      <ol className={styles.list}>
        {steps.map((step) => (
          <li key={step.label} className={styles.item}>
            {step.href ? <Link href={step.href}>{step.label}</Link> : <span aria-current="page">{step.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
