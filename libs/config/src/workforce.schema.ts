import { z } from 'zod';

const code = z.string().regex(/^[a-z][a-z0-9_]{1,60}$/, 'must be a lower_snake_case code');
const name = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

/**
 * config/workforce.yaml: regions, roles, the competency framework and the
 * review priority weights, kept in config so the programme can edit them.
 */
export const workforceSchema = z
  .object({
    // odsCode: the region's code in NHS Digital's ODS files (epraccur's National Grouping, e.g. Y56 for London).
    regions: z.array(z.object({ code, name, underServed: z.boolean(), odsCode: z.string().regex(/^Y[0-9]{2}$/, 'must be an ODS region code such as Y56') }).strict()).min(1),
    // The UK's other nations, answered instead of a region by people outside England. Not regions: nothing groups by them.
    outsideEngland: z.array(z.object({ code, name }).strict()),
    currentRoles: z
      .array(
        z
          .object({
            code,
            name,
            category: z.enum(['school_leaver', 'career_changer', 'general_practice', 'other'], { error: 'must be school_leaver, career_changer, general_practice or other' }),
            atScale: z.boolean(),
          })
          .strict(),
      )
      .min(1),
    competencies: z.array(z.object({ code, name, description: name }).strict()).min(1),
    ratings: z.record(z.string().regex(/^[1-4]$/), name),
    priority: z
      .object({
        noPriorManagementQualificationBelowLevel: z.number().int().min(1).max(8),
        noPriorManagementQualification: z.number().int().min(0).max(100),
        underServedRegion: z.number().int().min(0).max(100),
        workingAtScale: z.number().int().min(0).max(100),
        careerStage: z.record(code, z.number().int().min(0).max(100)),
      })
      .strict(),
  })
  .strict()
  .superRefine((w, ctx) => {
    for (const [list, items] of [['regions', w.regions], ['currentRoles', w.currentRoles], ['competencies', w.competencies]] as const) {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        if (seen.has(item.code)) ctx.addIssue({ code: 'custom', path: [list, i, 'code'], message: `repeats ${item.code}` });
        seen.add(item.code);
      });
    }
    w.outsideEngland.forEach((nation, i) => {
      if (w.regions.some((r) => r.code === nation.code)) ctx.addIssue({ code: 'custom', path: ['outsideEngland', i, 'code'], message: `is also a region code: ${nation.code}` });
    });
    for (const role of Object.keys(w.priority.careerStage)) {
      if (!w.currentRoles.some((r) => r.code === role)) ctx.addIssue({ code: 'custom', path: ['priority', 'careerStage', role], message: 'is not a current role code' });
    }
  });

export type WorkforceFramework = z.infer<typeof workforceSchema>;

/** A place a person can give as where they work or live: an NHS England region, or a nation outside England. */
export interface Place {
  code: string;
  name: string;
  outsideEngland: boolean;
}

/** Every answer to "which region?": the NHS England regions, then the nations outside England. */
export function places(w: Pick<WorkforceFramework, 'regions' | 'outsideEngland'>): Place[] {
  return [...w.regions.map((r) => ({ code: r.code, name: r.name, outsideEngland: false })), ...w.outsideEngland.map((n) => ({ code: n.code, name: n.name, outsideEngland: true }))];
}

/** True when the code is one of the nations outside England (not when it is unknown). */
export function isOutsideEngland(w: Pick<WorkforceFramework, 'outsideEngland'>, code: string): boolean {
  return w.outsideEngland.some((n) => n.code === code);
}
