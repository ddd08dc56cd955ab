import { ROUTES, allPagePaths, isRouteAvailable, subPackagePages, withQuery } from './routes';

describe('routes', () => {
  it('lists every foundation page, main package and profile subpackage', () => {
    expect(allPagePaths()).toEqual([
      '/pages/home/index',
      '/pages/login/index',
      '/pages/me/index',
      '/profile/pages/real-name/index',
      '/profile/pages/members/index',
      '/profile/pages/member-edit/index',
      '/profile/pages/privacy/index',
    ]);
    expect(subPackagePages()).toEqual([
      { root: 'profile', pages: ['pages/real-name/index', 'pages/members/index', 'pages/member-edit/index', 'pages/privacy/index'] },
    ]);
  });

  it('knows which route constants have a page in this build', () => {
    expect(isRouteAvailable(ROUTES.members)).toBe(true);
    expect(isRouteAvailable(withQuery(ROUTES.memberEdit, { id: 'm 1' }))).toBe(true);
    expect(isRouteAvailable(ROUTES.records)).toBe(false);
    expect(withQuery(ROUTES.memberEdit, { id: 'm 1', x: undefined })).toBe('/profile/pages/member-edit/index?id=m%201');
  });
});
