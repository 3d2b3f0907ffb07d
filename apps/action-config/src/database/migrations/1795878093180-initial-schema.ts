import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795878093180 implements MigrationInterface {
  name = 'InitialSchema1795878093180';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "action_config"."outbox_event" ("id" uuid NOT NULL, "seq" BIGSERIAL NOT NULL, "topic" text NOT NULL, "key" text NOT NULL, "event_type" text NOT NULL, "value" text NOT NULL, "headers" jsonb NOT NULL DEFAULT \'{}\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" text, CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_outbox_event_pending" ON "action_config"."outbox_event" ("next_attempt_at") WHERE published_at IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "action_config"."inbox_message" ("consumer_group" text NOT NULL, "event_id" uuid NOT NULL, "event_type" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c34c7ebcdcf1960fb9f3e5e4bd0" PRIMARY KEY ("consumer_group", "event_id"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "action_config"."inbox_message"');
    await queryRunner.query('DROP INDEX "action_config"."ix_outbox_event_pending"');
    await queryRunner.query('DROP TABLE "action_config"."outbox_event"');
  }
}
