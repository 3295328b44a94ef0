import { Body1 } from '@fluentui/react-components';
import { ViewHeading } from '../parts/view-heading';
import { useFirstRender } from './first-render';

/** For everyone who is neither an executive, an admin nor a team lead: said kindly, with where results do reach them. */
export function NothingToSee({ name }: { readonly name: string }) {
  useFirstRender(true);
  return (
    <>
      <ViewHeading title="Nothing to see here">There&apos;s nothing for you to see here yet</ViewHeading>
      <Body1 as="p" block>
        Hello {name}. This dashboard is for the trust&apos;s executives and for team leads, who see their own
        teams&apos; results.
      </Body1>
      <Body1 as="p" block>
        What people said, and what is being done about it, reaches everyone in the Staff Voice chat: look for the
        &ldquo;You said, we did&rdquo; messages there.
      </Body1>
    </>
  );
}
