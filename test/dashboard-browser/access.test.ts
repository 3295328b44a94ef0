import type { Page } from 'playwright-core';
import { seriousViolations, tabTo } from './browser';
import { startPageUnderTest, type PageUnderTest } from './page-under-test';

// The dashboard page by keyboard alone, in Teams' three themes, and under axe-core (WCAG 2.2 A and AA rules).
let dashboard: PageUnderTest;

beforeAll(async () => {
  dashboard = await startPageUnderTest();
}, 240_000);

afterAll(async () => {
  await dashboard?.stop();
});

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
const background = (page: Page) =>
  page
    .locator('.fui-FluentProvider')
    .first()
    .evaluate((el) => (globalThis as any).getComputedStyle(el).backgroundColor);

describe('the dashboard page, by keyboard and for assistive technology', () => {
  it('reaches every view, the tables behind the charts and the CSV with the keyboard alone', async () => {
    const { page, faults } = await dashboard.open();
    await tabTo(page, /^Evan Executive/);
    await page.keyboard.press('Enter');
    await tabTo(page, 'Quarterly staff pulse');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Quarterly staff pulse' }).waitFor();
    await tabTo(page, 'Show as table');
    await page.keyboard.press('Space');
    await page.getByRole('table', { name: /every measure for the organisation/ }).waitFor();
    await tabTo(page, 'Teams');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('rowheader', { name: 'Nursing and midwifery' }).waitFor();
    expect(page.url()).toMatch(/by=staffGroup$/);
    await page.keyboard.press('ArrowLeft');
    await tabTo(page, 'Ward 3 (Older people)');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Ward 3 (Older people)' }).waitFor();
    await tabTo(page, 'Show as table');
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: /beside the organisation/ }).waitFor();
    await tabTo(page, 'Quarterly staff pulse', { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Quarterly staff pulse' }).waitFor();
    await tabTo(page, 'Download CSV');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('wave-3.csv');
    await tabTo(page, 'Surveys', { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
    await tabTo(page, 'Sign in as someone else', { back: true });
    await page.keyboard.press('Enter');
    await tabTo(page, /^Sam Staff/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /nothing for you to see/ }).waitFor();
    expect(faults).toEqual([]);
    await page.close();
  });

  it("moves focus to each new view's heading, so a screen reader hears where it has arrived", async () => {
    const { page } = await dashboard.signedInAs('Evan Executive');
    await page.getByRole('link', { name: 'Quarterly staff pulse' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quarterly staff pulse' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.tagName)).toBe('H1');
    expect(await page.title()).toBe('Quarterly staff pulse – Staff Voice results');
    await page.close();
  });

  it("switches to Teams' dark and high-contrast themes, live, and keeps the choice", async () => {
    const { page, faults } = await dashboard.signedInAs('Evan Executive');
    expect(await background(page)).toBe('rgb(255, 255, 255)');
    await tabTo(page, 'Theme');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => (globalThis as any).localStorage.getItem('staff-voice-theme') === 'dark');
    expect(await background(page)).toBe('rgb(41, 41, 41)');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => (globalThis as any).localStorage.getItem('staff-voice-theme') === 'contrast');
    expect(await background(page)).toBe('rgb(0, 0, 0)');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
    expect(await background(page)).toBe('rgb(0, 0, 0)');
    await page.evaluate(() => (globalThis as any).localStorage.removeItem('staff-voice-theme'));
    expect(faults).toEqual([]);
    await page.close();
  });

  it('finds a violation when one is planted, so a clean result means something', async () => {
    const { page } = await dashboard.signedInAs('Evan Executive');
    await page.evaluate(() => {
      const { document } = globalThis as any;
      document.querySelector('main').insertAdjacentHTML('beforeend', '<button style="color:#fff"><svg></svg></button>');
    });
    expect((await seriousViolations(page)).join('\n')).toMatch(/button-name \(critical\)/);
    await page.close();
  });

  for (const theme of ['light', 'dark', 'contrast'] as const)
    it(`has no serious or critical axe-core violation on any view in the ${theme} theme`, async () => {
      const { page } = await dashboard.open();
      await page.evaluate((chosen) => (globalThis as any).localStorage.setItem('staff-voice-theme', chosen), theme);
      await page.reload();
      const found: string[] = [];
      const check = async () => {
        const view = await heading(page);
        for (const violation of await seriousViolations(page)) found.push(`${view}: ${violation}`);
      };
      await page.getByRole('heading', { level: 1, name: /Sign in/ }).waitFor();
      await check();
      await page.getByRole('button', { name: /^Evan Executive/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
      await check();
      await page.getByRole('link', { name: 'Quarterly staff pulse' }).click();
      await page.getByRole('heading', { level: 1, name: 'Quarterly staff pulse' }).waitFor();
      await check();
      for (const button of await page.getByRole('button', { name: 'Show as table' }).all()) await button.click();
      await check();
      await page.getByRole('link', { name: 'Ward 3 (Older people)' }).click();
      await page.getByRole('heading', { level: 1, name: 'Ward 3 (Older people)' }).waitFor();
      await check();
      await page.getByRole('button', { name: 'Sign in as someone else' }).click();
      await page.getByRole('button', { name: /^Sam Staff/ }).click();
      await page.getByRole('heading', { level: 1, name: /nothing for you to see/ }).waitFor();
      await check();
      await page.evaluate(() => (globalThis as any).localStorage.removeItem('staff-voice-theme'));
      expect(found).toEqual([]);
      await page.close();
    });
});
