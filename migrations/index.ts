import { Foundation1764180000000 } from './1764180000000-Foundation';
import { Identity1764190000000 } from './1764190000000-Identity';
import { Intake1764200000000 } from './1764200000000-Intake';
import { Budget1764210000000 } from './1764210000000-Budget';
import { Training1764220000000 } from './1764220000000-Training';
import { Notifications1764230000000 } from './1764230000000-Notifications';
import { OutboxWakeUp1764240000000 } from './1764240000000-OutboxWakeUp';
import { SignInHardening1764250000000 } from './1764250000000-SignInHardening';
import { IdempotencyLease1764260000000 } from './1764260000000-IdempotencyLease';
import { EnrolmentMoves1764270000000 } from './1764270000000-EnrolmentMoves';
import { MfaPendingSession1764280000000 } from './1764280000000-MfaPendingSession';
import { Casework1764290000000 } from './1764290000000-Casework';
import { RuleSetsAndRetirement1764320000000 } from './1764320000000-RuleSetsAndRetirement';
import { CohortCancellation1764330000000 } from './1764330000000-CohortCancellation';
import { PaymentRuns1764340000000 } from './1764340000000-PaymentRuns';
import { PaymentSchedules1764350000000 } from './1764350000000-PaymentSchedules';
import { WorkforceInsight1764360000000 } from './1764360000000-WorkforceInsight';
import { SkillsAuditJourney1764370000000 } from './1764370000000-SkillsAuditJourney';
import { GapPriority1764390000000 } from './1764390000000-GapPriority';
import { ReportExports1764400000000 } from './1764400000000-ReportExports';
import { ReportIndexes1764410000000 } from './1764410000000-ReportIndexes';
import { CohortNamesInWords1764418000000 } from './1764418000000-CohortNamesInWords';
import { ProfilePhone1764420000000 } from './1764420000000-ProfilePhone';
import { PlacedLearnerDigest1764430000000 } from './1764430000000-PlacedLearnerDigest';
import { ApplicationTaskList1764440000000 } from './1764440000000-ApplicationTaskList';
import { LedgerMonthTotals1764450000000 } from './1764450000000-LedgerMonthTotals';
import { OutcomeReportIndexes1764451000000 } from './1764451000000-OutcomeReportIndexes';
import { ApplicationStageSummary1764460000000 } from './1764460000000-ApplicationStageSummary';
import { ApplicationTrainingSummary1764470000000 } from './1764470000000-ApplicationTrainingSummary';
import { PaymentsSentByPot1764471000000 } from './1764471000000-PaymentsSentByPot';
import { CompletionTransitionIndex1764472000000 } from './1764472000000-CompletionTransitionIndex';
import { ReportDays1764473000000 } from './1764473000000-ReportDays';

/**
 * Every migration, oldest first. Listed by hand so the same array serves the
 * app, the CLI and the tests without globbing compiled files; a test fails if a
 * file in this folder is missing here.
 */
export const migrations = [Foundation1764180000000, Identity1764190000000, Intake1764200000000, Budget1764210000000, Training1764220000000, Notifications1764230000000, OutboxWakeUp1764240000000, SignInHardening1764250000000, IdempotencyLease1764260000000, EnrolmentMoves1764270000000, MfaPendingSession1764280000000, Casework1764290000000, RuleSetsAndRetirement1764320000000, CohortCancellation1764330000000, PaymentRuns1764340000000, PaymentSchedules1764350000000, WorkforceInsight1764360000000, SkillsAuditJourney1764370000000, GapPriority1764390000000, ReportExports1764400000000, ReportIndexes1764410000000, CohortNamesInWords1764418000000, ProfilePhone1764420000000, PlacedLearnerDigest1764430000000, ApplicationTaskList1764440000000, LedgerMonthTotals1764450000000, OutcomeReportIndexes1764451000000, ApplicationStageSummary1764460000000, ApplicationTrainingSummary1764470000000, PaymentsSentByPot1764471000000, CompletionTransitionIndex1764472000000, ReportDays1764473000000];
