import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The origins an app lets the browser go back to after a consent (`returnTo`). */
@Entity({ name: 'return_origins' })
export class ReturnOriginsEntity {
  @PrimaryColumn('uuid', { name: 'app_id' })
  appId!: string;

  @Column('text', { array: true })
  origins!: string[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
