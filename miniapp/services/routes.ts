/**
 * Every page of the app, in one place. app.config.ts builds `pages` and `subPackages` from
 * MAIN_PAGES and SUBPACKAGES, so adding a service's subpackage is one line in SUBPACKAGES, and
 * the home grid lights up its entry by itself (isRouteAvailable).
 *
 * Keep this file free of imports: app.config.ts reads it at build time in Node.
 */

export const MAIN_PAGES = ['pages/home/index', 'pages/login/index', 'pages/me/index'] as const;

/** root → pages (each `pages/<name>/index` inside the root). */
const SUBPACKAGES: Record<string, readonly string[]> = {
  profile: ['real-name', 'members', 'member-edit', 'privacy', 'family-access', 'health-cards', 'member-access', 'my-data', 'delete-account'],
  booking: ['index', 'departments', 'doctors', 'schedule', 'confirm', 'result', 'mine', 'detail', 'search', 'waitlist', 'triage'],
  records: ['index', 'trend', 'followups', 'followup', 'checkups', 'checkup', 'visits', 'visit', 'reports', 'report', 'immunizations', 'audit'],
  doctor: ['index', 'teams', 'chat', 'readings', 'self-report', 'renew'],
  workbench: ['index', 'chat', 'settings', 'panel', 'figures', 'rota'],
  content: ['index', 'article', 'favourites', 'webview'],
  console: ['index', 'edit', 'campaign', 'review'],
  vaccines: ['index', 'book', 'appointments', 'record', 'catalogue', 'aefi', 'alerts'],
  pay: ['index', 'orders', 'order', 'inpatient', 'invoice'],
  admin: ['index', 'audit'],
  messages: ['index'],
};

export const ROUTES = {
  home: '/pages/home/index',
  login: '/pages/login/index',
  me: '/pages/me/index',
  realName: '/profile/pages/real-name/index',
  members: '/profile/pages/members/index',
  memberEdit: '/profile/pages/member-edit/index',
  privacy: '/profile/pages/privacy/index',
  familyAccess: '/profile/pages/family-access/index',
  healthCards: '/profile/pages/health-cards/index',
  memberAccess: '/profile/pages/member-access/index',
  myData: '/profile/pages/my-data/index',
  deleteAccount: '/profile/pages/delete-account/index',
  // Each subpackage's pages: `/<subpackage>/pages/<name>/index`.
  records: '/records/pages/index/index',
  booking: '/booking/pages/index/index',
  bookingDepartments: '/booking/pages/departments/index',
  bookingDoctors: '/booking/pages/doctors/index',
  bookingSchedule: '/booking/pages/schedule/index',
  bookingConfirm: '/booking/pages/confirm/index',
  bookingResult: '/booking/pages/result/index',
  bookingMine: '/booking/pages/mine/index',
  bookingDetail: '/booking/pages/detail/index',
  bookingSearch: '/booking/pages/search/index',
  bookingWaitlist: '/booking/pages/waitlist/index',
  bookingTriage: '/booking/pages/triage/index',
  doctor: '/doctor/pages/index/index',
  doctorTeams: '/doctor/pages/teams/index',
  doctorChat: '/doctor/pages/chat/index',
  doctorReadings: '/doctor/pages/readings/index',
  doctorSelfReport: '/doctor/pages/self-report/index',
  doctorRenew: '/doctor/pages/renew/index',
  workbench: '/workbench/pages/index/index',
  workbenchChat: '/workbench/pages/chat/index',
  workbenchSettings: '/workbench/pages/settings/index',
  workbenchPanel: '/workbench/pages/panel/index',
  workbenchFigures: '/workbench/pages/figures/index',
  workbenchRota: '/workbench/pages/rota/index',
  recordsFollowups: '/records/pages/followups/index',
  vaccines: '/vaccines/pages/index/index',
  vaccineBook: '/vaccines/pages/book/index',
  vaccineAppointments: '/vaccines/pages/appointments/index',
  vaccineRecord: '/vaccines/pages/record/index',
  vaccineCatalogue: '/vaccines/pages/catalogue/index',
  vaccineAefi: '/vaccines/pages/aefi/index',
  vaccineAlerts: '/vaccines/pages/alerts/index',
  pay: '/pay/pages/index/index',
  payOrders: '/pay/pages/orders/index',
  payOrder: '/pay/pages/order/index',
  payInpatient: '/pay/pages/inpatient/index',
  payInvoice: '/pay/pages/invoice/index',
  content: '/content/pages/index/index',
  contentWebview: '/content/pages/webview/index',
  contentArticle: '/content/pages/article/index',
  contentFavourites: '/content/pages/favourites/index',
  console: '/console/pages/index/index',
  consoleEdit: '/console/pages/edit/index',
  consoleCampaign: '/console/pages/campaign/index',
  consoleReview: '/console/pages/review/index',
  admin: '/admin/pages/index/index',
  adminAudit: '/admin/pages/audit/index',
  messages: '/messages/pages/index/index',
} as const;

/** tabBar pages must be opened with switchTab. */
export const TAB_ROUTES: readonly string[] = [ROUTES.home, ROUTES.me];

export function subPackagePages(): { root: string; pages: string[] }[] {
  return Object.entries(SUBPACKAGES).map(([root, names]) => ({
    root,
    pages: names.map((n) => `pages/${n}/index`),
  }));
}

/** Every page path this build contains, with a leading slash. */
export function allPagePaths(): string[] {
  return [...MAIN_PAGES.map((p) => `/${p}`), ...subPackagePages().flatMap((s) => s.pages.map((p) => `/${s.root}/${p}`))];
}

const available = new Set(allPagePaths());

export function isRouteAvailable(url: string): boolean {
  return available.has(url.split('?')[0]);
}

export function withQuery(url: string, query: Record<string, string | number | undefined>): string {
  const qs = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return qs ? `${url}?${qs}` : url;
}
