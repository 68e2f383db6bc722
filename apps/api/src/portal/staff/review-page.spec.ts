import { assignedOptions, assignmentAction, isFiltered, paging, queueFilters, queueUrl, workWaiting } from './review-page';

describe('the review pages', () => {
  it('read the queue filters from the URL, dropping what they do not understand', () => {
    expect(queueFilters({ status: 'under_review', roundId: '0B7F3F7E-6A43-4D3E-9D1C-0E0F7C3C7A11', page: '3' })).toEqual({ status: 'under_review', roundId: '0b7f3f7e-6a43-4d3e-9d1c-0e0f7c3c7a11', page: 3 });
    expect(queueFilters({ status: 'nonsense', roundId: 'x', page: '-4' })).toEqual({ page: 1 });
    expect(queueFilters({ status: 'draft' })).toEqual({ page: 1 });
  });

  it('read every filter, the search and the sort, keeping only what it knows', () => {
    const known = { regions: ['north_west', 'london'], roles: ['practice_manager'] };
    const id = '0b7f3f7e-6a43-4d3e-9d1c-0e0f7c3c7a11';
    expect(queueFilters({ region: 'london', role: 'practice_manager', level: '5', assigned: 'ME', held: 'yes', q: '  pmb-2026-000001 ', sort: 'oldest' }, known)).toEqual({
      region: 'london',
      role: 'practice_manager',
      level: 5,
      assigned: 'me',
      held: 'yes',
      q: 'pmb-2026-000001',
      sort: 'oldest',
      page: 1,
    });
    expect(queueFilters({ assigned: id.toUpperCase() }).assigned).toBe(id);
    expect(queueFilters({ assigned: 'none' }).assigned).toBe('none');
    // Not known, or not the right shape: dropped.
    expect(queueFilters({ region: 'mars', role: 'astronaut', level: '9', assigned: 'someone', held: 'maybe', sort: 'random', q: 'x'.repeat(201) }, known)).toEqual({ page: 1 });
    expect(queueFilters({ region: 'Not A Code', level: '4.5', q: '   ' })).toEqual({ page: 1 });
    expect(queueFilters({ region: ['london', 'north_west'], level: ['3'] }, known)).toEqual({ page: 1 });
    // The default sort is not written down.
    expect(queueFilters({ sort: 'priority' })).toEqual({ page: 1 });
  });

  it('write every filter back as a URL that reads the same', () => {
    const f = { q: 'Okafor', status: 'under_review' as const, region: 'london', role: 'practice_manager', level: 4, assigned: 'none', held: 'no' as const, sort: 'newest' as const, page: 3 };
    const url = queueUrl(f);
    expect(url).toBe('/portal/staff/applications?q=Okafor&status=under_review&region=london&role=practice_manager&level=4&assigned=none&held=no&sort=newest&page=3');
    expect(queueFilters(Object.fromEntries(new URL(url, 'https://x').searchParams))).toEqual(f);
    expect(isFiltered({ page: 1, sort: 'oldest' })).toBe(false);
    expect(isFiltered({ page: 1, held: 'yes' })).toBe(true);
  });

  it('offer to take an application, or give it up, only to those who may', () => {
    const open = { status: 'under_review' as const, assignedTo: null };
    expect(assignmentAction(open, { userId: 'r1', role: 'reviewer' })).toBe('assign');
    expect(assignmentAction(open, { userId: 'f1', role: 'finance' })).toBeUndefined();
    expect(assignmentAction({ status: 'offered', assignedTo: null }, { userId: 'r1', role: 'reviewer' })).toBeUndefined();
    expect(assignmentAction({ status: 'under_review', assignedTo: { id: 'r1' } }, { userId: 'r1', role: 'reviewer' })).toBe('unassign');
    expect(assignmentAction({ status: 'under_review', assignedTo: { id: 'r2' } }, { userId: 'r1', role: 'reviewer' })).toBeUndefined();
    expect(assignmentAction({ status: 'under_review', assignedTo: { id: 'r2' } }, { userId: 'a1', role: 'admin' })).toBe('unassign');
    expect(assignedOptions('me', [{ id: 'me-id', name: 'Me' }, { id: 'r2', name: 'Robin' }], 'me-id').map((o) => `${o.value}${o.selected ? '*' : ''}`)).toEqual(['', 'none', 'me*', 'r2']);
  });

  it('write a filter back as a URL that reads the same', () => {
    const f = { status: 'referred' as const, roundId: '0b7f3f7e-6a43-4d3e-9d1c-0e0f7c3c7a11', page: 2 };
    const url = queueUrl(f);
    expect(queueFilters(Object.fromEntries(new URL(url, 'https://x').searchParams))).toEqual(f);
    expect(queueUrl({ page: 1 })).toBe('/portal/staff/applications');
  });

  it('link the previous and next pages only where they exist', () => {
    expect(paging({ page: 1 }, 0, 50)).toEqual({ from: 0, to: 0 });
    expect(paging({ page: 1 }, 120, 50)).toEqual({ next: '/portal/staff/applications?page=2', from: 1, to: 50 });
    expect(paging({ page: 3 }, 120, 50)).toEqual({ previous: '/portal/staff/applications?page=2', from: 101, to: 120 });
  });

  it('link each count of work waiting to its queue', () => {
    const items = workWaiting({ awaitingReview: 7, referred: 2, openAppeals: 1, awaitingPlacement: 3, failedEmails: 0 });
    expect(items[0]).toEqual({ text: 'Applications to review', count: 7, href: '/portal/staff/applications?status=under_review' });
    expect(items.at(-1)).toEqual({ text: 'Emails that failed in the last day', count: 0 });
    const forAdmin = workWaiting({ awaitingReview: 7, referred: 2, openAppeals: 1, awaitingPlacement: 3, failedEmails: 0 }, 'admin');
    expect(forAdmin.at(-1)).toEqual({ text: 'Emails that failed in the last day', count: 0, href: '/portal/staff/deliveries?status=failed' });
    expect(forAdmin.at(-2)).toEqual({ text: 'Accepted, waiting for a course', count: 3, href: '/portal/staff/placement' });
    const more = workWaiting({ awaitingReview: 7, referred: 2, openAppeals: 1, awaitingPlacement: 3, failedEmails: 0, offersExpiringThisWeek: 2, turnedDown: 1 }, 'admin');
    expect(more).toContainEqual({ text: 'Offers expiring this week', count: 2, href: '/portal/staff/applications?status=offered&sort=oldest' });
    expect(more).toContainEqual({ text: 'Learners a provider turned down', count: 1, href: '/portal/staff/placement' });
    expect(workWaiting({ awaitingReview: 7, referred: 2, openAppeals: 1, awaitingPlacement: 3, failedEmails: 0, turnedDown: 1 }, 'reviewer')).toContainEqual({ text: 'Learners a provider turned down', count: 1 });
    const mine = workWaiting({ awaitingReview: 7, referred: 2, openAppeals: 1, awaitingPlacement: 3, failedEmails: 0, assignedToMe: 4, onHold: 2 });
    expect(mine).toContainEqual({ text: 'Assigned to me, to review', count: 4, href: '/portal/staff/applications?status=under_review&assigned=me' });
    expect(mine).toContainEqual({ text: 'On hold', count: 2, href: '/portal/staff/applications?held=yes' });
  });
});
