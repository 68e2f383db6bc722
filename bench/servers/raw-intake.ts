import Fastify from 'fastify';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool, type PoolClient } from 'pg';
import { loadConfig, projectRoot } from '@app/config';
import { CompiledRuleSet, parseRuleSet } from '@app/eligibility';
import { SUBMIT_QUERY, submitFacts, type SubmitRow } from '@app/intake';
import { countQueries } from './count-queries';

/**
 * The baseline for bench/intake: bare Fastify and pg issuing the same SQL
 * statements as the app, in the same transactions, and running the same
 * eligibility engine, with no framework, ORM or validation.
 */
const queries = countQueries();
const config = loadConfig();
const pool = new Pool({ connectionString: config.database.url, max: config.database.poolSize });
const ruleSet = CompiledRuleSet.compile(parseRuleSet(readFileSync(join(projectRoot(), 'config/eligibility/2026-1.yaml'), 'utf8')));

async function authenticate(client: PoolClient, header: string | undefined): Promise<string | null> {
  const token = header?.slice(7) ?? '';
  const r = await client.query(
    `UPDATE auth_session s SET last_seen_at = now()
     FROM user_account u
     WHERE s.token_hash = $1 AND u.id = s.user_id
       AND s.revoked_at IS NULL AND s.expires_at > now()
       AND s.last_seen_at > now() - make_interval(mins => $2)
       AND u.disabled_at IS NULL
     RETURNING s.id AS session_id, u.id AS user_id, u.role, u.provider_id, s.mfa_setup_only`,
    [createHash('sha256').update(token).digest(), config.auth.sessionIdleMinutes],
  );
  return r.rows[0]?.user_id ?? null;
}

async function main() {
  const app = Fastify();
  app.post<{ Body: { roundId: string; qualificationId: string } }>('/api/v1/applications', async (req, reply) => {
    const client = await pool.connect();
    try {
      const userId = await authenticate(client, req.headers.authorization);
      if (!userId) return reply.code(401).send();
      await client.query('BEGIN');
      const round = (
        await client.query(
          `SELECT r.opens_at <= now() AND r.closes_at > now() AS open,
                  EXISTS (SELECT 1 FROM round_qualification rq WHERE rq.round_id = r.id AND rq.qualification_id = $2) AS offered
           FROM funding_round r WHERE r.id = $1`,
          [req.body.roundId, req.body.qualificationId],
        )
      ).rows[0];
      if (!round?.open || !round.offered) throw new Error('round');
      const created = (
        await client.query(
          `INSERT INTO application (reference, applicant_id, round_id, qualification_id)
           VALUES ($1 || '-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('application_reference_seq')::text, 6, '0'), $2, $3, $4)
           RETURNING id, reference`,
          [config.programme.shortName, userId, req.body.roundId, req.body.qualificationId],
        )
      ).rows[0];
      await client.query(
        `INSERT INTO application_transition (application_id, from_status, to_status, actor_id, actor_role, reason_code, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [created.id, null, 'draft', userId, 'applicant', null, null],
      );
      await client.query('COMMIT');
      return reply.code(201).send({ ...created, status: 'draft' });
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  });

  app.post<{ Params: { id: string } }>('/api/v1/applications/:id/submit', async (req, reply) => {
    const client = await pool.connect();
    try {
      const userId = await authenticate(client, req.headers.authorization);
      if (!userId) return reply.code(401).send();
      await client.query('BEGIN');
      const row: SubmitRow = (await client.query(SUBMIT_QUERY, [req.params.id, userId])).rows[0];
      const now = new Date();
      const { facts, score } = submitFacts(row, now, config.workforce);
      const decision = ruleSet.evaluate(facts);
      const to = decision.outcome === 'eligible' ? 'under_review' : decision.outcome === 'refer' ? 'referred' : 'ineligible';
      await client.query(
        `UPDATE application SET status = $2, facts = $3, eligibility = $4, priority_score = $5, duplicate_of = $6, submitted_at = $7, updated_at = now()
         WHERE id = $1 AND status = 'draft'`,
        [req.params.id, to, facts, { ...decision, decidedAt: now.toISOString() }, score, row.duplicate_id, now],
      );
      await client.query(
        `INSERT INTO application_transition (application_id, from_status, to_status, actor_id, actor_role, reason_code)
         VALUES ($1, 'draft', 'submitted', $2, 'applicant', NULL), ($1, 'submitted', $3, NULL, 'system', $4)`,
        [req.params.id, userId, to, `eligibility_${decision.outcome}`],
      );
      await client.query(`INSERT INTO outbox (topic, recipient_user_id, data, secret_sealed) VALUES ($1, $2, $3, $4) RETURNING id`, [
        'application.submitted',
        row.applicant_id,
        { applicationId: req.params.id, reference: row.reference, outcome: decision.outcome },
        null,
      ]);
      await client.query('COMMIT');
      return { status: to, eligibility: { outcome: decision.outcome, ruleSetVersion: decision.ruleSetVersion, reasons: decision.reasons } };
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  });

  await app.listen({ port: config.http.port, host: '127.0.0.1' });
  console.log('listening');
  process.once('SIGTERM', async () => {
    process.stdout.write(`queries ${queries()}\n`);
    await app.close();
    await pool.end();
    process.exit(0);
  });
}

void main();
