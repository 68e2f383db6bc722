import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A training provider organisation: a college, university or training company. */
@Entity('training_provider')
export class Provider {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  /** UK Provider Reference Number: 8 digits. */
  @Column('char', { length: 8 }) ukprn: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
