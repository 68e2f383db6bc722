import { paging, queueFilters, queueUrl, workWaiting } from './review-page';

describe('the review pages', () => {
  it('read the queue filters from the URL, dropping what they do not understand', () => {
    expect(queueFilters({ status: 'under_review', roundId: '0B7F3F7E-6A43-4D3E-9D1C-0E0F7C3C7A11', page: '3' })).toEqual({ status: 'under_review', roundId: '0b7f3f7e-6a43-4d3e-9d1c-0e0f7c3c7a11', page: 3 });
    expect(queueFilters({ status: 'nonsense', roundId: 'x', page: '-4' })).toEqual({ page: 1 });
    expect(queueFilters({ status: 'draft' })).toEqual({ page: 1 });
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
  });
});
