import type { Page } from 'playwright-core';
import { COMMENTS, FEWER_THAN_K, MEASURES, TEAMS } from './fixture-data';
import { startPageUnderTest, type PageUnderTest } from './page-under-test';

// What each person sees on the dashboard page, in Debian's Chromium, signed in locally, against the API contract
// (docs/dashboard.md) served by fixture-server.ts.
let dashboard: PageUnderTest;

beforeAll(async () => {
  dashboard = await startPageUnderTest();
}, 240_000);

afterAll(async () => {
  await dashboard?.stop();
});

const heatmapRows = (page: Page) =>
  page
    .getByRole('table', { name: /against each measure/ })
    .locator('tbody th')
    .allInnerTexts();

describe('the dashboard page', () => {
  it("shows an executive a survey's three waves of trend and its heatmap, where a suppressed cell says why", async () => {
    const { page, faults } = await dashboard.signedInAs('Evan Executive');
    await page.getByRole('link', { name: 'Quarterly staff pulse' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quarterly staff pulse' }).waitFor();
    expect(await page.getByRole('img', { name: /Line chart of Engagement .* across 3 waves/ }).count()).toBe(1);
    await page.getByRole('button', { name: 'Show as table' }).first().click();
    const waves = page.getByRole('table', { name: /every measure for the organisation/ }).locator('tbody th');
    expect(await waves.allInnerTexts()).toEqual(['Wave 1', 'Wave 2', 'Wave 3']);
    expect(await heatmapRows(page)).toEqual(['Whole organisation', ...TEAMS.map((t) => t.name)]);
    const cells = (team: string, reason: string) =>
      page.getByRole('row', { name: new RegExp(`^${team}`) }).getByText(reason, { exact: true });
    // Every suppressed cell says why, as a sentence.
    expect(await cells('Estates', 'Fewer than 5 answered').count()).toBe(MEASURES.length);
    expect(await cells('Pharmacy', 'Withheld so a smaller group cannot be worked out').count()).toBe(MEASURES.length);
    // Every team opens its own page; the organisation is not a team.
    const links = page.getByRole('table', { name: /against each measure/ }).locator('tbody th a');
    expect(await links.allInnerTexts()).toEqual(TEAMS.map((t) => t.name));
    expect(faults).toEqual([]);
    await page.close();
  });

  it('shows a team lead only their own team beside the organisation, and refuses another team', async () => {
    const { page, faults } = await dashboard.signedInAs('Lena Lead');
    await page.getByRole('link', { name: 'Quarterly staff pulse' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quarterly staff pulse' }).waitFor();
    expect(await heatmapRows(page)).toEqual(['Whole organisation', 'Ward 3 (Older people)']);
    const others = TEAMS.filter((t) => t.id !== 'team-ward-3');
    for (const team of others) expect(await page.getByText(team.name, { exact: false }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Download CSV' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Ward 3 (Older people)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ward 3 (Older people)' }).waitFor();
    await page.goto(`${dashboard.server.url}/dashboard#/surveys/pulse-2026/teams/team-ward-1`);
    await page.getByRole('heading', { level: 1, name: 'Not your team' }).waitFor();
    expect(await page.getByText('Ward 1 (Acute medicine)').count()).toBe(0);
    expect(faults).toEqual([]);
    await page.close();
  });

  it('tells a member of staff there is nothing for them to see, and asks the API for nothing else', async () => {
    const before = dashboard.server.requests.length;
    const { page, faults } = await dashboard.signedInAs('Sam Staff');
    await page.getByRole('heading', { level: 1, name: /nothing for you to see/ }).waitFor();
    await page.waitForTimeout(300);
    expect(dashboard.server.requests.slice(before)).toEqual(['GET /api/dashboard/me']);
    expect(await page.getByRole('table').count()).toBe(0);
    expect(faults).toEqual([]);
    await page.close();
  });

  it('shows comments as inert text, exactly as given', async () => {
    const { page, faults } = await dashboard.signedInAs('Evan Executive');
    await page.getByRole('link', { name: 'Quarterly staff pulse' }).click();
    await page.getByText(COMMENTS[3]!, { exact: true }).waitFor();
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    expect(faults).toEqual([]);
    await page.close();
  });

  it("shows a team's page with its figures beside the organisation's, and why a hidden wave is hidden", async () => {
    const { page, faults } = await dashboard.signedInAs('Evan Executive');
    await page.goto(`${dashboard.server.url}/dashboard#/surveys/pulse-2026/teams/team-ward-3`);
    await page.getByRole('heading', { level: 1, name: 'Ward 3 (Older people)' }).waitFor();
    await page.getByRole('button', { name: 'Show as table' }).first().click();
    const beside = page.getByRole('table', { name: /beside the organisation, wave 3/ });
    expect(
      await beside
        .getByRole('row', { name: /^Engagement/ })
        .locator('td')
        .allInnerTexts(),
    ).toEqual(['7.0', '7.1', 'Not shown']);
    await page.getByRole('button', { name: 'Show as table' }).nth(1).click();
    const trend = page.getByRole('table', { name: /every measure for Ward 3/ });
    expect(
      await trend
        .getByRole('row', { name: /^Wave 2/ })
        .getByText(FEWER_THAN_K)
        .count(),
    ).toBe(MEASURES.length);
    expect(faults).toEqual([]);
    await page.close();
  });

  it('downloads the CSV through a single-use link, for executives only', async () => {
    const { page, faults } = await dashboard.signedInAs('Evan Executive');
    await page.getByRole('link', { name: 'Quarterly staff pulse' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('wave-3.csv');
    await page.getByText('The CSV is downloading').waitFor();
    expect(dashboard.server.requests).toContain('POST /api/dashboard/surveys/pulse-2026/waves/w3/export');
    expect(faults).toEqual([]);
    await page.close();
  });
});
