import { tokenIn } from './support/smtp-sink';
import { PASSWORD, World } from './support/world';

/** Every text value in every table of the database, for searching. */
async function everything(w: World): Promise<string> {
  const tables: { table_name: string }[] = await w.db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
  const dumps = await Promise.all(tables.map(async ({ table_name }) => {
    const rows: { row: string }[] = await w.db.query(`SELECT t::text AS row FROM "${table_name}" t`);
    return rows.map((r) => r.row).join('\n');
  }));
  return dumps.join('\n');
}

describe('no password or token is in the database in clear', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.start();
  });
  afterAll(() => w.stop());

  it('after registering, verifying, signing in, resetting and creating keys', async () => {
    const secrets: string[] = [PASSWORD];
    const email = `clear.${Date.now()}@example.org`;
    await w.call('POST', '/auth/register', { body: { email, password: PASSWORD, fullName: 'Clara Clear' } });
    const verify = tokenIn(await w.smtp.waitFor(email, /Confirm your email/));
    secrets.push(verify);
    // An unsent link waits in the outbox sealed, not in clear: check before and after sending.
    await w.call('POST', '/auth/password-reset/request', { body: { email } });
    const reset = tokenIn(await w.smtp.waitFor(email, /Reset your password/));
    secrets.push(reset);
    const newPassword = 'a second secret passphrase';
    await w.call('POST', '/auth/password-reset/confirm', { body: { token: reset, password: newPassword } });
    secrets.push(newPassword);
    secrets.push(await w.signIn(email, newPassword));
    const admin = await w.signedIn('admin');
    secrets.push(admin.token);
    secrets.push(await w.apiKey((await w.provider()).id, admin.token));

    const dump = await everything(w);
    expect(dump).toContain(email);
    for (const secret of secrets) expect(dump).not.toContain(secret);
    // Sent messages keep no sealed link either.
    const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM outbox WHERE status = 'sent' AND secret_sealed IS NOT NULL`);
    expect(n).toBe(0);
  });
});
