import { renderEmail, TOPICS } from '@app/notifications';
import { SAMPLES } from '../libs/notifications/src/templates/samples';
import { startTestApp, type TestApp } from './support/app';
import { linksIn, servesGet } from './support/email-links';

/**
 * No email links to a page that does not exist. Every template is rendered
 * for its sample events (the ones templates.spec.ts renders, with links built
 * by the sender's own LINK_PATHS and PREFERENCES_PATH), and every link to the
 * service is checked against the running application's route table, then
 * followed: it must not be a 404 or a server error.
 */
describe('every link in every email leads to a page that exists', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  const rendered = () =>
    SAMPLES.map((sample) => {
      const base = sample.context.baseUrl;
      return { sample, base, ...linksIn(renderEmail(sample.topic, sample.context), base) };
    });

  it('every email has a link, and links only to the service', () => {
    const found = rendered();
    expect(new Set(found.filter((f) => f.links.length > 0).map((f) => f.sample.topic))).toEqual(new Set(TOPICS));
    expect(found.flatMap((f) => f.elsewhere.map((l) => `${f.sample.name}: ${l}`))).toEqual([]);
  });

  it('each link is a GET route of the application', () => {
    const serves = servesGet(api.app);
    const missing: string[] = [];
    const paths = new Set<string>();
    for (const { sample, base, links } of rendered()) {
      for (const link of links) {
        const path = new URL(link.slice(base.length) || '/', 'http://service').pathname;
        paths.add(path);
        if (!serves(path)) missing.push(`${sample.name}: ${link}`);
      }
    }
    expect(missing).toEqual([]);
    // The checks above looked at the links that matter (the sample ids stand for real ones).
    expect([...paths]).toEqual(
      expect.arrayContaining([
        '/portal/verify-email',
        '/portal/reset-password',
        '/portal/accept-invitation',
        '/portal/applications/0b7f3f7e-6a43-4d3e-9d1c-0e0f7c3c7a11',
        '/portal/account/email-settings',
        '/portal/rounds',
      ]),
    );
  });

  it('each link, followed by someone signed out, is a page (sign-in first where it needs it), never a 404', async () => {
    const wrong: string[] = [];
    const seen = new Set<string>();
    for (const { base, links } of rendered()) {
      for (const link of links) {
        const pathAndQuery = link.slice(base.length) || '/';
        if (seen.has(pathAndQuery)) continue;
        seen.add(pathAndQuery);
        const res = await fetch(`${api.url}${pathAndQuery}`, { redirect: 'manual' });
        if (res.status === 404 || res.status >= 500 || ![200, 301, 302, 401].includes(res.status)) wrong.push(`${pathAndQuery}: ${res.status}`);
        if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) wrong.push(`${pathAndQuery}: ${res.headers.get('content-type')}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
