import { Controller, Get } from '@nestjs/common';
import { areaOfRoute, InPortalArea, navigationFor, routesOf, startFor, type PortalArea } from './navigation';

const AREA: PortalArea = {
  role: 'tester',
  start: '/portal/testing',
  navigation: [{ href: '/portal/testing', text: 'Testing' }],
  notFound: { hint: 'It may be another tester’s.', href: '/portal/testing', text: 'Go to testing' },
};

@InPortalArea(AREA)
@Controller('portal/testing')
class TestingPages {
  @Get(':id/page')
  page() {}
}

const SHARED: PortalArea = {
  role: ['checker', 'chief'],
  navigation: [
    { href: '/portal/checks', text: 'Checks' },
    { href: '/portal/checks/settings', text: 'Settings', roles: ['chief'] },
  ],
};

@InPortalArea(SHARED)
@Controller('portal/checks')
class CheckPages {
  @Get()
  page() {}
}

describe('portal areas', () => {
  it('show an item kept for some roles of a shared area only to them', () => {
    expect(CheckPages).toBeDefined();
    expect(navigationFor('checker')).toEqual([{ href: '/portal/checks', text: 'Checks' }]);
    expect(navigationFor('chief')).toEqual([
      { href: '/portal/checks', text: 'Checks' },
      { href: '/portal/checks/settings', text: 'Settings' },
    ]);
  });

  it('give a signed-in role its area’s navigation and start page', () => {
    expect(navigationFor('tester')).toEqual(AREA.navigation);
    expect(navigationFor(undefined)).toEqual([]);
    expect(navigationFor('nobody')).toEqual([]);
    expect(startFor('tester')).toBe('/portal/testing');
    expect(startFor('nobody')).toBeUndefined();
  });

  it('find the area of the route a request matched, not of its path', () => {
    expect(routesOf(TestingPages).map((r) => r.path)).toEqual(['portal/testing/:id/page']);
    expect(areaOfRoute('/portal/testing/:id/page')).toBe(AREA);
    expect(areaOfRoute('/portal/testing/anything')).toBeUndefined();
    expect(areaOfRoute(undefined)).toBeUndefined();
  });
});
