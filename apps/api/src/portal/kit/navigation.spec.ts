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

describe('portal areas', () => {
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
