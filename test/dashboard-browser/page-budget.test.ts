import { measureDashboardPage } from '../bench/dashboard-page';

// The page's budget (issue 24): at most 350 kB of JavaScript gzipped, and a first render the bench can time.
describe('the dashboard page bench', () => {
  it('measures the JavaScript gzipped within its 350 kB budget, and a time to first render', async () => {
    const measured = await measureDashboardPage({ loads: 1 });
    expect(measured.jsGzipKb).toBeLessThanOrEqual(350);
    // Local mode loads neither teams-js nor MSAL: its share is well under the whole.
    expect(measured.localJsGzipKb).toBeLessThan(measured.jsGzipKb - 50);
    expect(measured.samples).toHaveLength(1);
    expect(measured.firstRenderMs).toBeGreaterThan(0);
  }, 240_000);
});
