import { useEffect } from 'react';

/** The mark the page bench reads (test/bench/dashboard-page.ts): the first view with its data on screen. */
export const FIRST_RENDER = 'staff-voice:first-render';

/** Marks the first time a home view has what it loaded on screen; later views and reloads add nothing. */
export function useFirstRender(ready: boolean): void {
  useEffect(() => {
    if (ready && performance.getEntriesByName(FIRST_RENDER).length === 0) performance.mark(FIRST_RENDER);
  }, [ready]);
}
