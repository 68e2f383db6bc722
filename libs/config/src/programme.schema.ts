import { z } from 'zod';

const pence = (what: string) =>
  z.number({ error: `must be a whole number of pence (${what})` }).int(`must be a whole number of pence (${what})`).positive('must be more than 0');

/**
 * The programme's own facts, kept in config/programme.yaml so the programme
 * team can read and change them without a code change.
 */
export const programmeSchema = z
  .object({
    name: z.string({ error: 'must be text' }).min(3, 'must be at least 3 characters').max(200, 'must be at most 200 characters'),
    shortName: z.string({ error: 'must be text' }).regex(/^[A-Z]{2,8}$/, 'must be 2-8 capital letters, used in reference numbers'),
    totalBudgetPence: pence('£6m is 600000000'),
    standardBursaryPence: pence('£500 is 50000'),
    annualQualifiedTarget: z.number({ error: 'must be a whole number' }).int('must be a whole number').positive('must be more than 0'),
    financialYearStart: z.object(
      {
        month: z.number({ error: 'must be a month number' }).int().min(1, 'must be from 1 to 12').max(12, 'must be from 1 to 12'),
        day: z.number({ error: 'must be a day number' }).int().min(1, 'must be from 1 to 28').max(28, 'must be from 1 to 28'),
      },
      { error: 'must have month and day' },
    ),
    offerExpiryDays: z.number({ error: 'must be a whole number of days' }).int().min(1, 'must be at least 1').max(90, 'must be at most 90').default(14),
    // How people reach the programme team: the contact page, the feedback link and the privacy notice show these.
    contact: z
      .object(
        {
          email: z.email({ error: 'must be an email address' }),
          phone: z.string({ error: 'must be text' }).regex(/^[0-9 +]{6,20}$/, 'must be a phone number of digits and spaces'),
          hours: z.string({ error: 'must be text' }).min(3, 'must be at least 3 characters').max(200, 'must be at most 200 characters'),
        },
        { error: 'must have email, phone and hours' },
      )
      .strict(),
    /** How many days before its cohort's start date a learner's start may be dated (a start earlier than that is a mistake, and commits money). */
    startBeforeCohortDays: z.number({ error: 'must be a whole number of days' }).int().min(0, 'must be 0 or more').max(365, 'must be at most 365').default(30),
  })
  .strict()
  .refine((p) => p.standardBursaryPence <= p.totalBudgetPence, {
    path: ['standardBursaryPence'],
    message: 'must not be more than totalBudgetPence',
  });

export type ProgrammeFacts = z.infer<typeof programmeSchema>;
