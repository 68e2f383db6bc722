import { draft, goodProfile } from './factories/intake.factory';
import { cohort } from './factories/training.factory';
import { PortalClient } from './support/portal-client';
import { dateFields, providerProgramme } from './support/portal-fixtures';
import { PASSWORD, World } from './support/world';

/**
 * What a training provider learns of a learner placed with them: how to
 * contact them (email, and phone if given) and nothing else personal, by the
 * API and on the portal; the applicant is told so before accepting. And each
 * report on the learner on its own page.
 */
describe('a provider’s learner', () => {
  let w: World;
  let programme: Awaited<ReturnType<typeof providerProgramme>>;
  let provider: { id: string };
  let providerUser: { email: string };
  let key: string;

  // Each is distinctive, so its absence from a page or a response means something.
  const DOB = '1979-11-23';
  const POSTCODE = 'M1 1AE';
  const STATEMENT = 'I run the rota for the Zebrafinch Lane surgery and want to lead the practice';

  beforeAll(async () => {
    w = await World.start({ worker: false });
    programme = await providerProgramme(w);
    provider = await w.provider('Learner Provider');
    providerUser = await w.user('provider', { providerId: provider.id });
    key = await w.apiKey(provider.id, programme.admin.token);
  });
  afterAll(() => w.stop());

  const signedIn = async (email: string) => {
    const c = new PortalClient(w.api.url);
    await c.signIn(email, PASSWORD);
    return c;
  };
  const personal = { profile: { dateOfBirth: DOB, postcode: POSTCODE, phone: '+44 7700 900-123' }, statement: STATEMENT };

  /** Asserts none of the learner's other personal data is in `text`. */
  function nothingElsePersonal(text: string): void {
    expect(text).not.toContain(DOB);
    expect(text).not.toContain('23 November 1979');
    expect(text).not.toContain(POSTCODE);
    expect(text).not.toContain('Zebrafinch');
  }
  /** Asserts a response carries no field of the learner's other personal data. */
  function noOtherPersonalFields(json: unknown): void {
    const text = JSON.stringify(json);
    nothingElsePersonal(text);
    expect(text).not.toMatch(/"(dateOfBirth|postcode|statement|skills|region|currentRole|employerOdsCode)"/);
  }

  describe('the profile’s phone number', () => {
    it('is optional, normalised, shown back by the API, and refused naming the field when it is not a UK number', async () => {
      const user = await w.signedIn('applicant');
      const saved = await w.call('PUT', '/me/profile', { token: user.token, body: goodProfile({ phone: ' 07700 900 123 ' }) });
      expect(saved.status).toBe(200);
      expect(saved.body.phone).toBe('07700900123');
      expect((await w.call('GET', '/me/profile', { token: user.token })).body.phone).toBe('07700900123');

      const bad = await w.call('PUT', '/me/profile', { token: user.token, body: goodProfile({ phone: '12345' }) });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      expect(bad.body.errors).toEqual([{ field: 'phone', message: 'must be a UK phone number, like 07700 900123' }]);
      expect((await w.call('GET', '/me/profile', { token: user.token })).body.phone).toBe('07700900123');

      const none = await w.call('PUT', '/me/profile', { token: user.token, body: goodProfile() });
      expect(none.body.phone).toBeNull();
      const [row] = await w.db.query(`SELECT phone FROM applicant_profile WHERE user_id = $1`, [user.id]);
      expect(row.phone).toBeNull();

      // The anonymous eligibility check takes the profile's answers the rules read, which the phone is not.
      const check = await w.call('POST', '/eligibility/check', { body: goodProfile({ phone: '07700900123' }) });
      expect(check.status).toBe(400);
      expect(check.body.errors.map((e: { field: string }) => e.field)).toEqual(['phone']);
    });

    it('is on the profile\'s About you page, and a bad one is an error there with the value kept', async () => {
      const user = await w.signedIn('applicant');
      await w.call('PUT', '/me/profile', { token: user.token, body: goodProfile({ phone: '020 7946 0000' }) });
      const c = await signedIn(user.email);
      expect((await c.get('/portal/profile')).html).toContain('020 7946 0000');
      const page = await c.get('/portal/profile/about-you');
      expect(page.html).toMatch(/<input[^>]*id="phone"[^>]*value="02079460000"|<input[^>]*value="02079460000"[^>]*id="phone"/);

      const form = new URLSearchParams({
        _csrf: c.csrf,
        fullName: 'Sam Okafor',
        'dateOfBirth[day]': '14',
        'dateOfBirth[month]': '3',
        'dateOfBirth[year]': '1985',
        postcode: 'LS1 4AP',
        phone: '0800 CALL ME',
        highestQualificationLevel: '3',
        hasLevel2EnglishAndMaths: 'yes',
      });
      const refused = await c.post('/portal/profile/about-you', form);
      expect(refused.status).toBe(422);
      expect(refused.html).toMatch(/href="#phone"[^>]*>\s*Enter a UK phone number, like 07700 900123, or leave it blank/);
      expect(refused.html).toContain('value="0800 CALL ME"');

      form.set('phone', '0113 496 0000');
      form.set('_csrf', c.csrf);
      expect((await c.post('/portal/profile/about-you', form)).status).toBe(303);
      expect((await w.call('GET', '/me/profile', { token: user.token })).body.phone).toBe('01134960000');
      expect((await c.get('/portal/profile')).html).toContain('0113 496 0000');
    });
  });

  describe('what the provider sees', () => {
    it('the API gives the learner’s email and phone, and nothing else personal', async () => {
      const learner = await programme.placedLearner(provider.id, personal);
      const one = await w.call('GET', `/provider/learners/${learner.enrolmentId}`, { token: key });
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ enrolmentId: learner.enrolmentId, learnerEmail: learner.applicantEmail, learnerPhone: '07700900123' });
      noOtherPersonalFields(one.body);

      const list = await w.call('GET', '/provider/learners', { token: key });
      const listed = list.body.find((l: { enrolmentId: string }) => l.enrolmentId === learner.enrolmentId);
      expect(listed).toMatchObject({ learnerEmail: learner.applicantEmail, learnerPhone: '07700900123' });
      noOtherPersonalFields(list.body);
    });

    it('the learner’s page shows the email, the phone and the enrolment id, and nothing else personal; the list shows the id', async () => {
      const learner = await programme.placedLearner(provider.id, personal);
      const c = await signedIn(providerUser.email);
      const page = await c.get(`/portal/provider/learners/${learner.enrolmentId}`);
      expect(page.status).toBe(200);
      expect(page.html).toContain(`href="mailto:${learner.applicantEmail}"`);
      expect(page.html).toMatch(/Phone number\s*<\/dt>\s*<dd[^>]*>\s*07700 900123/);
      expect(page.html).toMatch(new RegExp(`Enrolment ID\\s*</dt>\\s*<dd[^>]*>\\s*${learner.enrolmentId}`));
      nothingElsePersonal(page.html);

      const list = await c.get('/portal/provider/learners');
      expect(list.html).toContain('Enrolment ID');
      expect(list.html).toMatch(new RegExp(`Enrolment ID </span>${learner.enrolmentId}`));
      nothingElsePersonal(list.html);
    });

    it('says "Not given" for a learner without a phone, and shows no contact details once the provider turns them down', async () => {
      const learner = await programme.placedLearner(provider.id);
      const c = await signedIn(providerUser.email);
      const page = await c.get(`/portal/provider/learners/${learner.enrolmentId}`);
      expect(page.html).toMatch(/Phone number[\s\S]*Not given/);

      await c.get(`/portal/provider/learners/${learner.enrolmentId}/decline`);
      const declined = await c.post(`/portal/provider/learners/${learner.enrolmentId}/decline`, { _csrf: c.csrf, reasonCode: 'cannot_attend_cohort' });
      expect(declined.status).toBe(303);
      const after = await c.get(`/portal/provider/learners/${learner.enrolmentId}`);
      expect(after.html).not.toContain(learner.applicantEmail);
      expect(after.html).not.toContain('Phone number');
      const api = await w.call('GET', `/provider/learners/${learner.enrolmentId}`, { token: key });
      expect(api.body).toMatchObject({ status: 'declined_by_provider', learnerEmail: null, learnerPhone: null });
    });
  });

  describe('what the applicant is told before accepting', () => {
    async function offered(profile: Parameters<typeof goodProfile>[0]) {
      const user = await w.signedIn('applicant');
      await w.call('PUT', '/me/profile', { token: user.token, body: goodProfile(profile) });
      const app = await draft(w, user.token, programme.round.id, programme.level5.id);
      await w.call('POST', `/applications/${app.id}/submit`, { token: user.token });
      const decided = await w.call('POST', `/admin/applications/${app.id}/decision`, { token: programme.admin.token, body: { decision: 'approve', reasonCode: 'meets_criteria' } });
      expect(decided.body.status).toBe('offered');
      return { c: await signedIn(user.email), app, user };
    }

    it('names the phone number only when the applicant gave one, at the offer and at choosing a course', async () => {
      const withPhone = await offered({ phone: '07700 900123' });
      const page = await withPhone.c.get(`/portal/applications/${withPhone.app.id}`);
      expect(page.html).toContain('If you accept, we will give the training provider you are placed with your name, email address and phone number so they can contact you about starting the course.');

      // A course starting next month, for the accepted offer to choose.
      await cohort(w, provider.id, programme.level5.id, 20, new Date(w.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10));
      const accepted = await withPhone.c.post(`/portal/applications/${withPhone.app.id}/offer/accept`, { _csrf: withPhone.c.csrf });
      expect(accepted.status).toBe(303);
      const choose = await withPhone.c.get(`/portal/applications/${withPhone.app.id}`);
      expect(choose.html).toContain('Choose your course');
      expect(choose.html).toContain('The bursary goes to the provider you choose, and we will give them your name, email address and phone number');

      const without = await offered({});
      const plain = await without.c.get(`/portal/applications/${without.app.id}`);
      expect(plain.html).toContain('we will give the training provider you are placed with your name and email address so they can contact you');
      expect(plain.html).not.toContain('phone number');
    });
  });

  describe('each report on its own page', () => {
    it('a start: the learner page links to the start page, whose form reports it', async () => {
      const learner = await programme.placedLearner(provider.id);
      const c = await signedIn(providerUser.email);
      const path = `/portal/provider/learners/${learner.enrolmentId}`;
      const page = await c.get(path);
      expect(page.html).toContain(`href="${path}/start"`);
      expect(page.html).not.toContain('<form action="/portal/provider/learners/');

      const start = await c.get(`${path}/start`);
      expect(start.status).toBe(200);
      expect(start.html).toContain(`action="${path}/start"`);
      expect(start.html.match(/<form action="\/portal\/provider\/learners/g)).toHaveLength(1);

      const refused = await c.post(`${path}/start`, { _csrf: c.csrf });
      expect(refused.status).toBe(422);
      expect(refused.html).toMatch(/href="#start-date-day"[^>]*>\s*Enter the start date/);
      const done = await c.post(`${path}/start`, { _csrf: c.csrf, ...dateFields(3) });
      expect(done.location).toBe(`${path}?reported=start`);

      // The start is reported: its page (an old link, the back button) goes to the learner instead.
      const again = await c.get(`${path}/start`);
      expect(again.status).toBe(303);
      expect(again.location).toBe(path);
      expect((await c.get(`${path}/decline`)).location).toBe(path);

      // Another provider's learner is not found, on every report page.
      const stranger = await signedIn((await w.user('provider')).email);
      for (const form of ['start', 'progress', 'completion', 'deferral', 'withdrawal', 'decline']) expect((await stranger.get(`${path}/${form}`)).status).toBe(404);
    });

    it('a withdrawal and turning down are confirmation pages saying what they mean', async () => {
      const learner = await programme.placedLearner(provider.id, personal);
      const c = await signedIn(providerUser.email);
      const path = `/portal/provider/learners/${learner.enrolmentId}`;
      const withdrawal = await c.get(`${path}/withdrawal`);
      expect(withdrawal.html).toMatch(/<h1[^>]*>Are you sure Pat Applicant \w+ has withdrawn\?<\/h1>/);
      expect(withdrawal.html).toContain('You cannot undo this');
      expect(withdrawal.html).toContain('nhsuk-button--warning');
      expect(withdrawal.html).toContain(`href="${path}">No, the learner has not withdrawn</a>`);

      const decline = await c.get(`${path}/decline`);
      expect(decline.html).toMatch(/<h1[^>]*>Are you sure you want to turn down Pat Applicant \w+\?<\/h1>/);
      expect(decline.html).toContain('They go back to the programme team');
      expect(decline.html).toContain(`href="${path}">No, keep this learner</a>`);

      const refused = await c.post(`${path}/withdrawal`, { _csrf: c.csrf, note: 'kept' });
      expect(refused.status).toBe(422);
      expect(refused.html).toMatch(/href="#withdrawal-reasonCode"[^>]*>\s*Select why the learner withdrew/);
      expect(refused.html).toMatch(/href="#withdrawal-date-day"[^>]*>\s*Enter the date the learner withdrew/);
      expect(refused.html).toContain('Are you sure');
      expect((await w.db.query(`SELECT status FROM enrolment WHERE id = $1`, [learner.enrolmentId]))[0].status).toBe('placed');
    });
  });
});
