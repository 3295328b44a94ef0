import { Body1, Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { localPeople, localSignIn } from '../api';
import { Failed, Loading } from '../parts/status';
import { useLoad } from '../parts/use-load';
import { ViewHeading } from '../parts/view-heading';
import type { LocalSession } from '../local-session';

const useStyles = makeStyles({
  list: { listStyle: 'none', padding: 0, display: 'grid', gap: tokens.spacingVerticalS, maxWidth: '420px' },
  person: { width: '100%', justifyContent: 'flex-start', flexDirection: 'column', alignItems: 'flex-start' },
});

/**
 * Local mode's sign-in: the demo people, one button each. The server offers this only in local mode and only on
 * loopback; in Teams, sign-in is Teams' own (nested app authentication).
 */
export function LocalSignIn({ onSignedIn }: { readonly onSignedIn: (session: LocalSession) => void }) {
  const styles = useStyles();
  const people = useLoad(localPeople, 'people');
  const [failure, setFailure] = useState<string>();
  const choose = async (id: string, name: string) => {
    try {
      onSignedIn({ token: await localSignIn(id), name });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <>
      <ViewHeading title="Sign in">Sign in (local mode)</ViewHeading>
      <Body1 as="p" block>
        In Teams you are signed in already. Here, on this computer only, choose one of the demo people to see the
        dashboard as they would.
      </Body1>
      {people.kind === 'loading' ? <Loading what="the demo people" /> : null}
      {people.kind === 'failed' ? <Failed message={people.message} retry={people.reload} /> : null}
      {failure ? <Failed message={failure} /> : null}
      {people.kind === 'loaded' ? (
        <ul className={styles.list}>
          {people.data.map((p) => (
            <li key={p.id}>
              <Button className={styles.person} onClick={() => void choose(p.id, p.name)}>
                {p.name}
                <Caption1>{p.roles.length > 0 ? p.roles.join(', ') : 'member of staff'}</Caption1>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
