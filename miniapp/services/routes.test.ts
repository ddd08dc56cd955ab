import { MAIN_PAGES, ROUTES, allPagePaths, isRouteAvailable, subPackagePages, withQuery } from './routes';

describe('routes', () => {
  it('has the foundation pages: home first, login, me, and the profile subpackage', () => {
    expect(MAIN_PAGES[0]).toBe('pages/home/index');
    expect(allPagePaths()).toEqual(
      expect.arrayContaining([
        '/pages/home/index',
        '/pages/login/index',
        '/pages/me/index',
        ROUTES.realName,
        ROUTES.members,
        ROUTES.memberEdit,
        ROUTES.privacy,
        ROUTES.familyAccess,
        ROUTES.healthCards,
        ROUTES.myData,
        ROUTES.deleteAccount,
      ]),
    );
    expect(subPackagePages().find((s) => s.root === 'profile')?.pages).toEqual([
      'pages/real-name/index',
      'pages/members/index',
      'pages/member-edit/index',
      'pages/privacy/index',
      'pages/family-access/index',
      'pages/health-cards/index',
      'pages/member-access/index',
      'pages/my-data/index',
      'pages/delete-account/index',
    ]);
  });

  it('builds each subpackage page path from its root, and roots are unique', () => {
    const roots = subPackagePages().map((s) => s.root);
    expect(new Set(roots).size).toBe(roots.length);
    for (const s of subPackagePages()) for (const p of s.pages) expect(p).toMatch(/^pages\/[a-z0-9-]+\/index$/);
  });

  it('knows which routes have a page in this build, ignoring the query', () => {
    expect(isRouteAvailable(ROUTES.members)).toBe(true);
    expect(isRouteAvailable(withQuery(ROUTES.memberEdit, { id: 'm 1' }))).toBe(true);
    expect(isRouteAvailable('/nowhere/pages/index/index')).toBe(false);
    expect(withQuery(ROUTES.memberEdit, { id: 'm 1', x: undefined })).toBe('/profile/pages/member-edit/index?id=m%201');
  });
});
