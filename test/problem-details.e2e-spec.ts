import { json } from './support/http';
import { ProbeModule } from './support/probe.module';
import { startTestApp, type TestApp } from './support/app';

describe('errors are RFC 9457 problem+json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule] });
  });
  afterAll(() => t.close());

  const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${t.url}/api/v1/test/echo`, { method: 'POST', body, headers });

  it('400 names each bad field', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(30), rating: 9, email: 'nope', extra: 1 }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await json(res);
    expect(body).toMatchObject({ type: '/problems/validation', status: 400, instance: '/api/v1/test/echo' });
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'extra', 'name', 'rating']);
    expect(body.errors).toContainEqual({ field: 'extra', message: 'property extra should not exist' });
  });

  it('400 for a body that is not JSON', async () => {
    const res = await post('{"name": ');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await json(res)).title).toBe('Bad Request');
  });

  it('accepts a good body', async () => {
    const res = await post(JSON.stringify({ name: 'Ann', rating: 3, email: 'ann@example.org' }));
    expect(res.status).toBe(201);
  });

  it('404 for an unknown route and for a missing record', async () => {
    const unknown = await fetch(`${t.url}/api/v1/no-such-thing`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await json(unknown)).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });

    const missing = await fetch(`${t.url}/api/v1/test/missing`);
    expect(missing.status).toBe(404);
    expect(await json(missing)).toMatchObject({ status: 404, detail: 'No application with that id' });
  });

  it('500 says nothing about internals', async () => {
    const res = await fetch(`${t.url}/api/v1/test/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('postgres://');
    expect(JSON.parse(text)).toMatchObject({ type: 'about:blank', title: 'Internal Server Error', status: 500 });
  });

  it('echoes a caller request id and makes one otherwise', async () => {
    const mine = await fetch(`${t.url}/health/live`, { headers: { 'x-request-id': 'trace-12345678' } });
    expect(mine.headers.get('x-request-id')).toBe('trace-12345678');
    const made = await fetch(`${t.url}/health/live`, { headers: { 'x-request-id': 'bad id!' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers with a strict CSP', async () => {
    const res = await fetch(`${t.url}/health/live`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toContain('max-age');
  });

  it('serves the OpenAPI document and UI', async () => {
    const doc = await json(await fetch(`${t.url}/api/docs-json`));
    expect(doc.paths['/health/ready']).toBeDefined();
    expect(doc.paths['/api/v1/test/echo']).toBeDefined();
    const ui = await fetch(`${t.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('exposes Prometheus metrics with route patterns', async () => {
    await fetch(`${t.url}/health/live`);
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} \d+/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});
