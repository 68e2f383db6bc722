import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService, type Actor } from '@app/identity';
import { IntakeError } from '../intake.error';

export type OrganisationKind = 'practice' | 'pcn' | 'icb';
export const ORGANISATION_KINDS: readonly OrganisationKind[] = ['practice', 'pcn', 'icb'];

/** The shape of each kind's code: a GP practice's ODS code, a primary care network's code, an ICB's code. */
export const ORGANISATION_CODE: Record<OrganisationKind, { pattern: RegExp; example: string; words: string }> = {
  practice: { pattern: /^[A-Z][0-9]{5}$/, example: 'B86001', words: 'a GP practice ODS code: a letter and five digits' },
  pcn: { pattern: /^U[0-9]{5}$/, example: 'U12345', words: 'a primary care network code: U and five digits' },
  icb: { pattern: /^Q[A-Z0-9]{2}$/, example: 'QWO', words: 'an integrated care board code: Q and two letters or digits' },
};

export const ORGANISATION_KIND_WORDS: Record<OrganisationKind, string> = {
  practice: 'GP practice',
  pcn: 'Primary care network',
  icb: 'Integrated care board',
};

/** One organisation a member of staff declared, with its name where the practice table knows it. */
export interface DeclaredOrganisation {
  id: string;
  userId: string;
  kind: OrganisationKind;
  code: string;
  name: string | null;
  declaredAt: string;
}

export interface DeclaredOrganisationOfStaff extends DeclaredOrganisation {
  userName: string;
  userEmail: string;
  userRole: string;
}

/** Why a member of staff may not handle an application: the organisation of theirs it comes from. */
export interface ConflictFound {
  kind: OrganisationKind;
  code: string;
  organisationName: string | null;
  practiceCode: string;
  practiceName: string | null;
}

/**
 * The SQL test "user $n declared an organisation this applicant's employer
 * belongs to", for a query with the applicant profile as `p`: the employer's
 * practice itself, or (through the `practice` table) its network or ICB.
 */
export function conflictSql(userParam: string, profile = 'p'): string {
  return `EXISTS (
    SELECT 1 FROM staff_organisation so LEFT JOIN practice pr ON pr.ods_code = ${profile}.employer_ods_code
    WHERE so.user_id = ${userParam} AND ${profile}.employer_ods_code IS NOT NULL
      AND ((so.kind = 'practice' AND so.code = ${profile}.employer_ods_code)
        OR (so.kind = 'pcn' AND so.code = pr.pcn_code)
        OR (so.kind = 'icb' AND so.code = pr.icb_code)))`;
}

/** The conflict between an application and a member of staff, if there is one. */
export async function conflictOf(manager: EntityManager, applicationId: string, userId: string): Promise<ConflictFound | null> {
  const [row] = await manager.query(
    `SELECT so.kind, so.code, p.employer_ods_code, pr.name AS practice_name, pr.pcn_name, pr.icb_name
     FROM application a
     JOIN applicant_profile p ON p.user_id = a.applicant_id
     LEFT JOIN practice pr ON pr.ods_code = p.employer_ods_code
     JOIN staff_organisation so ON so.user_id = $2
       AND ((so.kind = 'practice' AND so.code = p.employer_ods_code) OR (so.kind = 'pcn' AND so.code = pr.pcn_code) OR (so.kind = 'icb' AND so.code = pr.icb_code))
     WHERE a.id = $1
     ORDER BY CASE so.kind WHEN 'practice' THEN 1 WHEN 'pcn' THEN 2 ELSE 3 END
     LIMIT 1`,
    [applicationId, userId],
  );
  if (!row) return null;
  const organisationName = row.kind === 'practice' ? row.practice_name : row.kind === 'pcn' ? row.pcn_name : row.icb_name;
  return { kind: row.kind, code: row.code, organisationName: organisationName ?? null, practiceCode: row.employer_ods_code, practiceName: row.practice_name ?? null };
}

/** The sentence that explains a conflict, naming the organisation; `self` when the person is the one asking. */
export function conflictSentence(c: ConflictFound, self = true): string {
  const practice = c.practiceName ? `${c.practiceName} (${c.practiceCode})` : c.practiceCode;
  const organisation = c.organisationName ? `${c.organisationName} (${c.code})` : c.code;
  const who = self ? 'you have' : 'this reviewer has';
  const then = self ? 'so you cannot be assigned or decide it: another reviewer must take it' : 'so they cannot be assigned or decide it: choose another reviewer';
  if (c.kind === 'practice') return `Conflict of interest: the applicant's employer, ${practice}, is a practice ${who} declared a connection to, ${then}`;
  const what = c.kind === 'pcn' ? 'a primary care network' : 'an integrated care board';
  return `Conflict of interest: the applicant's employer, ${practice}, is in ${organisation}, ${what} ${who} declared a connection to, ${then}`;
}

/**
 * Refuses (IntakeError conflict_of_interest, 403) when `userId` declared an
 * organisation the application's employer belongs to. Call it inside the
 * transaction that assigns or decides. No user (the system) has no conflicts.
 * `actorId`: who is asking, when it is not `userId` (an admin assigning someone).
 */
export async function assertNoConflict(manager: EntityManager, applicationId: string, userId: string | undefined | null, actorId: string | undefined | null = userId): Promise<void> {
  if (!userId) return;
  const found = await conflictOf(manager, applicationId, userId);
  if (found) throw new IntakeError('conflict_of_interest', conflictSentence(found, actorId === userId));
}

/**
 * Conflicts of interest: staff declare the organisations they are connected
 * to (GP practices by ODS code, primary care networks, ICBs); nobody is
 * assigned, or decides, an application whose employer is one of them, or
 * belongs to one of them by the `practice` table. The referee named on an
 * application has only a name and an email, so their organisation is taken
 * to be the employer's practice.
 */
@Injectable()
export class ConflictsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** One person's declarations, newest first. */
  async list(userId: string): Promise<DeclaredOrganisation[]> {
    const rows = await this.dataSource.query(`${DECLARED_SELECT} WHERE so.user_id = $1 ORDER BY so.declared_at DESC, so.id`, [userId]);
    return rows.map(declared);
  }

  /** Every member of staff's declarations (admins), by person. */
  async listAll(): Promise<DeclaredOrganisationOfStaff[]> {
    const rows = await this.dataSource.query(`${DECLARED_SELECT} ORDER BY u.full_name, so.kind, so.code`);
    return rows.map((r: Record<string, unknown>) => ({ ...declared(r), userName: r.full_name as string, userEmail: r.email as string, userRole: r.role as string }));
  }

  /** Declares a connection; the code is checked for its kind and upper-cased. */
  async declare(input: { kind: string; code: string }, actor: Actor): Promise<DeclaredOrganisation> {
    const userId = actor.userId;
    if (!userId) throw new IntakeError('assignment_not_allowed', 'Only a person can declare a conflict of interest');
    const kind = input.kind as OrganisationKind;
    if (!ORGANISATION_KINDS.includes(kind)) {
      throw new IntakeError('invalid_organisation', `kind must be one of ${ORGANISATION_KINDS.join(', ')}`, [{ field: 'kind', message: `must be one of ${ORGANISATION_KINDS.join(', ')}` }]);
    }
    const code = (input.code ?? '').trim().toUpperCase();
    const shape = ORGANISATION_CODE[kind];
    if (!shape.pattern.test(code)) {
      throw new IntakeError('invalid_organisation', `code must be ${shape.words}, like ${shape.example}`, [{ field: 'code', message: `must be ${shape.words}, like ${shape.example}` }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `INSERT INTO staff_organisation (user_id, kind, code) VALUES ($1, $2, $3) ON CONFLICT (user_id, kind, code) DO NOTHING RETURNING id`,
        [userId, kind, code],
      );
      if (!row) throw new IntakeError('organisation_already_declared', `You have already declared ${ORGANISATION_KIND_WORDS[kind].toLowerCase()} ${code}`, [{ field: 'code', message: 'is already declared' }]);
      await this.audit.record(manager, actor, { action: 'staff_organisation.declare', target: { type: 'user', id: userId }, after: { kind, code } });
      const [view] = await manager.query(`${DECLARED_SELECT} WHERE so.id = $1`, [row.id]);
      return declared(view);
    });
  }

  /** Removes one of the actor's own declarations. */
  async remove(id: string, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.query(`DELETE FROM staff_organisation WHERE id = $1 AND user_id = $2 RETURNING kind, code`, [id, actor.userId ?? null]);
      // TypeORM answers a DELETE ... RETURNING with [rows, count].
      const [row] = (Array.isArray(result[0]) ? result[0] : result) as { kind: string; code: string }[];
      if (!row) throw new IntakeError('organisation_not_found', 'You have no declared organisation with that id');
      await this.audit.record(manager, actor, { action: 'staff_organisation.remove', target: { type: 'user', id: actor.userId! }, before: { kind: row.kind, code: row.code } });
    });
  }

  /** Which of these applications `userId` has a conflict of interest with (the queue marks them). */
  async conflictedAmong(applicationIds: string[], userId: string | undefined): Promise<Set<string>> {
    if (!userId || !applicationIds.length) return new Set();
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT a.id FROM application a JOIN applicant_profile p ON p.user_id = a.applicant_id WHERE a.id = ANY($1::uuid[]) AND ${conflictSql('$2')}`,
      [applicationIds, userId],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The conflict between an application and a member of staff, if any (for pages that explain before asking). */
  conflictOf(applicationId: string, userId: string): Promise<ConflictFound | null> {
    return conflictOf(this.dataSource.manager, applicationId, userId);
  }

  assertNoConflict(manager: EntityManager, applicationId: string, userId: string | undefined | null, actorId?: string | null): Promise<void> {
    return assertNoConflict(manager, applicationId, userId, actorId === undefined ? userId : actorId);
  }
}

const DECLARED_SELECT = `
  SELECT so.id, so.user_id, so.kind, so.code, so.declared_at, u.full_name, u.email, u.role,
         CASE so.kind
           WHEN 'practice' THEN (SELECT name FROM practice WHERE ods_code = so.code)
           WHEN 'pcn' THEN (SELECT pcn_name FROM practice WHERE pcn_code = so.code AND pcn_name IS NOT NULL LIMIT 1)
           ELSE (SELECT icb_name FROM practice WHERE icb_code = so.code AND icb_name IS NOT NULL LIMIT 1)
         END AS organisation_name
  FROM staff_organisation so JOIN user_account u ON u.id = so.user_id`;

function declared(r: Record<string, unknown>): DeclaredOrganisation {
  return {
    id: r.id as string,
    userId: r.user_id as string,
    kind: r.kind as OrganisationKind,
    code: r.code as string,
    name: (r.organisation_name as string) ?? null,
    declaredAt: (r.declared_at as Date).toISOString(),
  };
}
