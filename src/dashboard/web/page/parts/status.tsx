import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
} from '@fluentui/react-components';

/** Said while a view loads; announced politely, once. */
export function Loading({ what }: { what: string }) {
  return <Spinner role="status" label={`Loading ${what}…`} labelPosition="after" size="small" />;
}

/** A failed load, in words a person can act on, with a way to try again. */
export function Failed({ message, retry }: { message: string; retry?: () => void }) {
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>That didn&apos;t load.</MessageBarTitle> {message}
      </MessageBarBody>
      {retry ? (
        <MessageBarActions>
          <Button onClick={retry}>Try again</Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}
