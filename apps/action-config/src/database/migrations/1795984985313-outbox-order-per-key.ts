import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxOrderPerKey1795984985313 implements MigrationInterface {
  name = 'OutboxOrderPerKey1795984985313';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "action_config"."ix_outbox_event_pending"');
    await queryRunner.query(
      'ALTER TABLE "action_config"."outbox_event" ADD "parked_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_outbox_event_unpublished_key" ON "action_config"."outbox_event" ("topic", "key", "seq") WHERE published_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_outbox_event_unpublished" ON "action_config"."outbox_event" ("seq") WHERE published_at IS NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "action_config"."ix_outbox_event_unpublished"');
    await queryRunner.query('DROP INDEX "action_config"."ix_outbox_event_unpublished_key"');
    await queryRunner.query('ALTER TABLE "action_config"."outbox_event" DROP COLUMN "parked_at"');
    await queryRunner.query(
      'CREATE INDEX "ix_outbox_event_pending" ON "action_config"."outbox_event" ("next_attempt_at") WHERE (published_at IS NULL)',
    );
  }
}
