import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type DeliveryMode = 'classroom' | 'online' | 'blended' | 'workplace';
export type EnrolmentStatus = 'placed' | 'started' | 'deferred' | 'withdrawn' | 'completed' | 'declined_by_provider';

/** A provider's run of a qualification, with a capacity that holds under concurrency. */
@Entity('cohort')
export class Cohort {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') providerId: string;
  @Column('uuid') qualificationId: string;
  @Column('text') name: string;
  @Column('date') startDate: string;
  @Column('int') capacity: number;
  @Column('int') placesTaken: number;
  @Column('text') deliveryMode: DeliveryMode;
  /** Set when the programme team cancels the cohort: no more places are taken on it. */
  @Column('timestamptz', { nullable: true }) cancelledAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
