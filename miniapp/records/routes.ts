/** Pages of the records subpackage (registered in services/routes.ts SUBPACKAGES.records). */
const page = (name: string) => `/records/pages/${name}/index`;

export const RECORD_PAGES = {
  home: page('index'),
  trend: page('trend'),
  followups: page('followups'),
  followup: page('followup'),
  checkups: page('checkups'),
  checkup: page('checkup'),
  visits: page('visits'),
  visit: page('visit'),
  reports: page('reports'),
  report: page('report'),
  immunizations: page('immunizations'),
  audit: page('audit'),
} as const;
