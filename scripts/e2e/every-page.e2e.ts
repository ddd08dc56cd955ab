/**
 * Every resident page at 390×844, in normal type and in 长辈模式, as a new user and as the family
 * persona 张伟: no sideways panning, nothing past the viewport's edge, no token broken inside, tap
 * targets of 44 (60 in 长辈模式) px, roles, names and keyboard focus on what can be tapped, 18 px
 * text with 1.3 line spacing in 长辈模式, and axe-core with 0 serious or critical findings.
 * Every page state is screenshotted (test-results/every-page-*.png); the findings are written to
 * test-results/every-page.txt and the test fails on any.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONSENT_TEXTS } from '@healthpocket/shared-types';
import type { Page } from 'playwright-core';
import { ROUTES } from '../../miniapp/services/routes';
import { auditPage, ELDERLY, NORMAL, type AuditRules } from './page-audit';
import { BASE, apiAs, loginAs, loginAsNewUser, openPhone, shot } from './browser';

interface Stop {
  name: string;
  /** The route to open fresh; a stop without one goes on from the page the previous stop left. */
  open?: (ctx: Ctx) => string;
  /** Tapped in order (each the first visible match), as a resident reaches the page. */
  taps?: (string | { sel: string; text: string })[];
  /** Only for the family persona (the new user has no data to reach it with). */
  family?: boolean;
}

interface Ctx {
  selfId: string;
  childId?: string;
}

const q = (route: string, query: Record<string, string | undefined>) => {
  const qs = Object.entries(query)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    .join('&');
  return qs ? `${route}?${qs}` : route;
};

// 王秀英 (张伟's mother, who has authorized him) has follow-ups; 张小宝 (14 months) immunizations.
const MOTHER = { sel: '[data-testid^="member-switch-"]', text: '王秀英' };
const SON = { sel: '[data-testid^="member-switch-"]', text: '张小宝' };

const TOUR: Stop[] = [
  { name: 'home', open: () => ROUTES.home },
  { name: 'me', open: () => ROUTES.me },
  { name: 'messages', open: () => ROUTES.messages },
  { name: 'real-name', open: () => ROUTES.realName },
  { name: 'members', open: () => ROUTES.members },
  { name: 'member-edit', open: () => ROUTES.memberEdit },
  { name: 'privacy', open: () => ROUTES.privacy },
  { name: 'family-access', open: () => ROUTES.familyAccess },
  { name: 'health-cards', open: () => ROUTES.healthCards },
  { name: 'my-data', open: () => ROUTES.myData },
  { name: 'delete-account', open: () => ROUTES.deleteAccount },
  { name: 'booking', open: () => ROUTES.booking },
  { name: 'booking-departments', taps: ['[data-testid^="booking-hospital-"]'] },
  { name: 'booking-doctors', taps: ['[data-testid^="booking-dept-"]'] },
  { name: 'booking-schedule', taps: ['[data-testid^="booking-doctor-"]'] },
  { name: 'booking-search', open: () => ROUTES.bookingSearch },
  { name: 'booking-triage', open: () => ROUTES.bookingTriage },
  { name: 'booking-mine', open: () => ROUTES.bookingMine },
  { name: 'records', open: () => ROUTES.records, family: true },
  { name: 'records-trend', open: () => ROUTES.records, taps: ['[data-testid="records-section-bp"]'], family: true },
  { name: 'records-followups', open: () => ROUTES.records, taps: [MOTHER, '[data-testid="records-section-followups"]'], family: true },
  { name: 'records-followup', taps: ['[data-testid="followup-item"]'], family: true },
  { name: 'records-checkups', open: () => ROUTES.records, taps: ['[data-testid="records-section-checkups"]'], family: true },
  { name: 'records-checkup', taps: ['[data-testid="checkup-item"]'], family: true },
  { name: 'records-visits', open: () => ROUTES.records, taps: ['[data-testid="records-section-visits"]'], family: true },
  { name: 'records-visit', taps: ['[data-testid="visit-item"]'], family: true },
  { name: 'records-reports', open: () => ROUTES.records, taps: ['[data-testid="records-section-reports"]'], family: true },
  { name: 'records-report', taps: ['[data-testid="report-item"]'], family: true },
  { name: 'records-immunizations', open: () => ROUTES.records, taps: [SON, '[data-testid="records-section-immunizations"]'], family: true },
  { name: 'records-audit', open: () => ROUTES.records, taps: ['[data-testid="records-section-audit"]'], family: true },
  { name: 'doctor', open: () => ROUTES.doctor },
  { name: 'doctor-teams', open: () => ROUTES.doctorTeams },
  { name: 'doctor-chat', open: (c) => q(ROUTES.doctorChat, { memberId: c.selfId }), family: true },
  { name: 'doctor-readings', open: (c) => q(ROUTES.doctorReadings, { memberId: c.selfId }), family: true },
  { name: 'doctor-self-report', open: (c) => q(ROUTES.doctorSelfReport, { memberId: c.selfId }), family: true },
  { name: 'vaccines', open: (c) => q(ROUTES.vaccines, { memberId: c.childId }) },
  { name: 'vaccine-record', open: (c) => q(ROUTES.vaccineRecord, { memberId: c.childId }), family: true },
  { name: 'vaccine-catalogue', open: (c) => q(ROUTES.vaccineCatalogue, { memberId: c.childId }), family: true },
  { name: 'vaccine-alerts', open: (c) => q(ROUTES.vaccineAlerts, { memberId: c.childId }), family: true },
  { name: 'vaccine-aefi', open: (c) => q(ROUTES.vaccineAefi, { memberId: c.childId }), family: true },
  { name: 'vaccine-appointments', open: () => ROUTES.vaccineAppointments },
  { name: 'pay', open: () => ROUTES.pay },
  { name: 'pay-orders', open: () => ROUTES.payOrders },
  { name: 'pay-inpatient', open: () => ROUTES.payInpatient },
  { name: 'content', open: () => ROUTES.content },
  { name: 'content-article', taps: ['.ct-item[data-testid^="article-"]'] },
  { name: 'content-favourites', open: () => ROUTES.contentFavourites },
];

const MODES: { name: string; rules: AuditRules; large: boolean }[] = [
  { name: 'normal', rules: NORMAL, large: false },
  { name: 'elderly', rules: ELDERLY, large: true },
];

const REPORT = path.resolve(__dirname, '../../test-results/every-page.txt');

async function setLargeFont(page: Page, on: boolean) {
  await page.evaluate((v) => localStorage.setItem('hp_large_font', JSON.stringify({ data: v })), on);
}

/** The page has slid in (no animation running for a few frames) and has nothing loading. */
async function settledPage(page: Page) {
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __hpStill?: number };
      const pages = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none');
      const top = pages[pages.length - 1];
      const loading = top && Array.from(top.querySelectorAll('[data-testid="status-loading"]')).some((el) => el.getBoundingClientRect().height > 0);
      const moving = document.getAnimations().some((a) => a.playState === 'running');
      // Taro names each page's element by its route: the top one must be the route in the address.
      const want = location.hash.slice(1).split('?')[0];
      const current = top && (!want || want === '/' || top.id.split('?')[0] === want);
      const still = current && !loading && !moving && Math.abs(top.getBoundingClientRect().left) < 0.5;
      w.__hpStill = still ? (w.__hpStill ?? 0) + 1 : 0;
      return w.__hpStill >= 10;
    },
    undefined,
    { timeout: 20_000, polling: 'raf' },
  );
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
}

async function visit(page: Page, stop: Stop, ctx: Ctx): Promise<string | null> {
  if (stop.open) {
    await page.goto(`${BASE}/#${stop.open(ctx)}`);
    await page.reload();
  }
  await settledPage(page);
  for (const t of stop.taps ?? []) {
    const [sel, hasText] = typeof t === 'string' ? [t, undefined] : [t.sel, t.text];
    const el = page
      .locator(sel, hasText ? { hasText } : undefined)
      .filter({ visible: true })
      .first();
    try {
      await el.waitFor({ state: 'visible', timeout: 10_000 });
    } catch {
      return `could not reach the page: nothing matches ${sel}${hasText ? ` with «${hasText}»` : ''}`;
    }
    const before = await page.evaluate(() => location.hash);
    await el.tap();
    // A tap that opens a page changes the route (after history steps that may take a moment);
    // one that switches a member does not.
    await page.waitForFunction((h) => location.hash !== h, before, { timeout: 5_000 }).catch(() => undefined);
    await settledPage(page);
  }
  return null;
}

const findings: string[] = [];

async function tour(persona: 'new' | 'family') {
  for (const mode of MODES) {
    const phone = await openPhone();
    const page = phone.page;
    try {
      if (persona === 'new') await loginAsNewUser(page);
      else await loginAs(page, 'sbx_resident_zhangwei');
      // The family persona has agreed to the health-data consent (its gate has its own spec).
      if (persona === 'family') await apiAs(page, 'POST', '/api/v1/me/consents', { kind: 'health_data', textVersion: CONSENT_TEXTS.health_data.version });
      const { body: members } = await apiAs<{ items: { id: string; relation: string; age: number }[] }>(page, 'GET', '/api/v1/family/members');
      const ctx: Ctx = { selfId: members.items.find((m) => m.relation === 'self')?.id ?? '', childId: members.items.find((m) => m.age < 7)?.id };
      await setLargeFont(page, mode.large);
      for (const stop of TOUR) {
        if (stop.family && persona === 'new') continue;
        const where = `${persona}/${mode.name}/${stop.name}`;
        const blocked = await visit(page, stop, ctx).catch((e: Error) => `could not open the page: ${e.message.split('\n')[0]}`);
        await shot(page, `every-page-${persona}-${mode.name}-${stop.name}`);
        if (blocked) {
          findings.push(`${where}: ${blocked}`);
          continue;
        }
        for (const f of await auditPage(page, mode.rules)) findings.push(`${where}: ${f}`);
      }
    } finally {
      await phone.close();
    }
  }
}

afterAll(() => {
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, findings.join('\n') + '\n');
});

test('every page as the family persona 张伟, in normal type and in 长辈模式', async () => {
  const before = findings.length;
  await tour('family');
  expect(findings.slice(before)).toEqual([]);
}, 900_000);

test('every page as a new user, in normal type and in 长辈模式', async () => {
  const before = findings.length;
  await tour('new');
  expect(findings.slice(before)).toEqual([]);
}, 900_000);
