import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentSecurityPolicy, NHS_FONT_HOST } from './create-app';
import { NHSUK_FRONTEND } from './portal/kit/views';

describe('the content security policy', () => {
  it('lets production pages load the NHS font from the host nhsuk-frontend’s stylesheet names', () => {
    const dir = join(NHSUK_FRONTEND, 'nhsuk');
    const css = readdirSync(dir).filter((f) => f.endsWith('.min.css')).map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    expect(css).toContain(`url(${NHS_FONT_HOST}/fonts/`);
    expect(contentSecurityPolicy({ nodeEnv: 'production' }).fontSrc).toEqual(["'self'", 'https://assets.nhs.uk']);
  });

  it('keeps fonts to the site itself where no network is reached', () => {
    for (const nodeEnv of ['development', 'test'] as const) expect(contentSecurityPolicy({ nodeEnv }).fontSrc).toEqual(["'self'"]);
  });

  it('is otherwise the same strict policy everywhere', () => {
    const { fontSrc: _p, ...production } = contentSecurityPolicy({ nodeEnv: 'production' });
    const { fontSrc: _t, ...test } = contentSecurityPolicy({ nodeEnv: 'test' });
    expect(production).toEqual(test);
    expect(production.scriptSrc).toEqual(["'self'"]);
  });
});
