/**
 * How long the applicant's and the programme team's free text may be: one
 * place for the API's DTOs and the portal's form checks alike.
 */

/** An appeal's statement (AppealDto, the portal's appeal form). */
export const APPEAL_STATEMENT = { min: 10, max: 5000 } as const;

/** A draft application's personal statement (UpdateApplicationDto, the portal's draft form). */
export const APPLICATION_STATEMENT_MAX = 5000;

/** An applicant's reason for withdrawing (ReasonTextDto, the portal's withdraw form). */
export const WITHDRAW_REASON_MAX = 1000;

/** A person's name: the applicant's full name on the profile, the employer's supporter. */
export const PERSON_NAME_MAX = 200;

/** A review decision's optional note, and an appeal decision's note (DecisionDto, AppealDecisionDto). */
export const DECISION_NOTE_MAX = 2000;

/** Staff's internal note on an application (CaseworkService.addNote, NoteDto, the case page's note form). */
export const CASE_NOTE_MAX = 5000;

/** The reason staff give for holding or releasing an application (HoldDto, the case page's hold forms). */
export const HOLD_REASON_MAX = 1000;
