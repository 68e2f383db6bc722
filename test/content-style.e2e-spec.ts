import { CohortNamesInWords1764418000000 } from '../migrations/1764418000000-CohortNamesInWords';
import { qualification } from './factories/intake.factory';
import { cohort } from './factories/training.factory';
import { World } from './support/world';

/** Names people read carry dates in words; the API and the columns keep ISO dates. */
describe('content style: cohort names', () => {
  let w: World;
  let providerId: string;
  let level5: { id: string; title: string };

  beforeAll(async () => {
    w = await World.start({ worker: false });
    providerId = (await w.provider('Style College')).id;
    level5 = await qualification(w, { level: 5 });
  });
  afterAll(() => w.stop());

  const nameOf = async (id: string) => (await w.db.query(`SELECT name, to_char(start_date, 'YYYY-MM-DD') AS start FROM cohort WHERE id = $1`, [id]))[0] as { name: string; start: string };

  it('names a cohort with no name given by its qualification and its start date in words, keeping the date a date', async () => {
    const c = await cohort(w, providerId, level5.id, 20, '2027-01-06');
    expect(c.name).toBe(`${level5.title}, 6 January 2027`);
    expect(c.startDate).toBe('2027-01-06');
    expect(await nameOf(c.id)).toEqual({ name: `${level5.title}, 6 January 2027`, start: '2027-01-06' });
  });

  it('puts the date of a name generated before into words, and leaves a chosen name alone', async () => {
    const [generated, chosen, otherDate] = await Promise.all([cohort(w, providerId, level5.id, 20, '2027-03-01'), cohort(w, providerId, level5.id, 20, '2027-03-02'), cohort(w, providerId, level5.id, 20, '2027-03-03')]);
    // As the service named cohorts before: the ISO start date at the end.
    await w.db.query(`UPDATE cohort SET name = $2 WHERE id = $1`, [generated.id, 'Level 5 diploma, 2027-03-01']);
    await w.db.query(`UPDATE cohort SET name = $2 WHERE id = $1`, [chosen.id, 'Leeds evening group']);
    // A date that is not the cohort's own start is part of a name someone chose.
    await w.db.query(`UPDATE cohort SET name = $2 WHERE id = $1`, [otherDate.id, 'Moved from 2026-12-01']);

    const runner = w.db.createQueryRunner();
    try {
      await new CohortNamesInWords1764418000000().up(runner);
      expect((await nameOf(generated.id)).name).toBe('Level 5 diploma, 1 March 2027');
      expect((await nameOf(chosen.id)).name).toBe('Leeds evening group');
      expect((await nameOf(otherDate.id)).name).toBe('Moved from 2026-12-01');

      await new CohortNamesInWords1764418000000().down(runner);
      expect((await nameOf(generated.id)).name).toBe('Level 5 diploma, 2027-03-01');
      expect((await nameOf(chosen.id)).name).toBe('Leeds evening group');
    } finally {
      await runner.release();
    }
  });
});
