import { Body1, makeStyles, Subtitle1, tokens } from '@fluentui/react-components';
import type { CommentGroup } from '../contract';

const useStyles = makeStyles({
  list: { margin: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalL}`, paddingInlineStart: '1.5em' },
  item: { marginBottom: tokens.spacingVerticalS, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

/**
 * Comments as the server gives them: already redacted and shuffled, shown only where enough people wrote one. They
 * are text and only text (React writes them as text nodes): a comment can never become a link, markup or script.
 */
export function Comments({ groups, none }: { readonly groups: readonly CommentGroup[]; readonly none: string }) {
  const styles = useStyles();
  if (groups.length === 0)
    return (
      <Body1 as="p" block>
        {none}
      </Body1>
    );
  return (
    <>
      <Body1 as="p" block>
        Shown as written, with names taken out, in a random order.
      </Body1>
      {groups.map((group) => (
        <div key={group.question}>
          <Subtitle1 as="h3" block>
            {group.question}
          </Subtitle1>
          <ul className={styles.list}>
            {group.items.map((text, i) => (
              <li key={i} className={styles.item}>
                {text}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}
