import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxOrderPerKey1795984992407 implements MigrationInterface {
  name = 'OutboxOrderPerKey1795984992407';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "dialogs"."ix_outbox_event_pending"');
    await queryRunner.query('ALTER TABLE "dialogs"."outbox_event" ADD "parked_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      'CREATE INDEX "ix_outbox_event_unpublished_key" ON "dialogs"."outbox_event" ("topic", "key", "seq") WHERE published_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_outbox_event_unpublished" ON "dialogs"."outbox_event" ("seq") WHERE published_at IS NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "dialogs"."ix_outbox_event_unpublished"');
    await queryRunner.query('DROP INDEX "dialogs"."ix_outbox_event_unpublished_key"');
    await queryRunner.query('ALTER TABLE "dialogs"."outbox_event" DROP COLUMN "parked_at"');
    await queryRunner.query(
      'CREATE INDEX "ix_outbox_event_pending" ON "dialogs"."outbox_event" ("next_attempt_at") WHERE (published_at IS NULL)',
    );
  }
}
