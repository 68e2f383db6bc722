import { Module, type Type } from '@nestjs/common';
import { BudgetModule } from '@app/budget';
import { IntakeModule } from '@app/intake';
import { TrainingModule } from '@app/training';
import { OutcomeMoneyReportsModule, OutcomeReportsModule, WorkforceReportsModule } from '@app/reports';
import { WorkforceModule } from '@app/workforce';
import { PortalKitModule } from '../kit/portal-kit.module';
import { AppealsPages } from './appeals.pages';
import { BudgetPages } from './budget.pages';
import { CasePages } from './case.pages';
import { DecisionsPages } from './decisions.pages';
import { AssignmentPages } from './assignment.pages';
import { CohortsPages } from './cohorts.pages';
import { ConflictsPages } from './conflicts.pages';
import { StaffLearnersPages } from './learners.pages';
import { LogsPages } from './logs.pages';
import { FinancePages } from './finance.pages';
import { GapWeightingPages } from './gap-weighting.pages';
import { PaymentRunsPages } from './payment-runs.pages';
import { PeoplePages } from './people.pages';
import { ProvidersPages } from './providers.pages';
import { QualificationsPages } from './qualifications.pages';
import { QueuePageContext } from './queue-page';
import { ReviewPages } from './review.pages';
import { OutcomeReportsPages } from './reports/outcome-reports.pages';
import { GapReportPages } from './reports/gap-report.pages';
import { ReportFilterOptions } from './reports/report-filters-form';
import { ReportExportsPages } from './reports/exports.pages';
import { MoneyReportsPages } from './reports/money-reports.pages';
import { ReportsPages } from './reports/reports.pages';
import { RoundsPages } from './rounds.pages';
import { RuleSetsPages } from './rule-sets.pages';
import { TwoFactorPages } from './two-factor.pages';
import { WorkforceReferencePages } from './workforce/reference.pages';

/**
 * The programme team's pages (review, finance, insight, people). So far:
 * two-factor authentication on pages (which provider users use too); the
 * rest is still the API. The next pages add controllers here, a
 * staff-area.ts with their navigation (InPortalArea), and views/ templates.
 */
export const STAFF_CONTROLLERS: Type[] = [TwoFactorPages, ReviewPages, AssignmentPages, ConflictsPages, CohortsPages, StaffLearnersPages, ProvidersPages, PeoplePages, LogsPages, CasePages, DecisionsPages, AppealsPages, RoundsPages, RuleSetsPages, QualificationsPages, FinancePages, BudgetPages, PaymentRunsPages, ReportsPages, GapReportPages, GapWeightingPages, WorkforceReferencePages, ReportExportsPages, MoneyReportsPages, OutcomeReportsPages];

@Module({
  imports: [PortalKitModule, IntakeModule, TrainingModule, BudgetModule, WorkforceReportsModule, WorkforceModule, OutcomeMoneyReportsModule, OutcomeReportsModule],
  controllers: STAFF_CONTROLLERS,
  providers: [QueuePageContext, ReportFilterOptions],
})
export class StaffPortalModule {}
