import { MigrationInterface, QueryRunner } from 'typeorm';

export class IntegrationNotices1795886568529 implements MigrationInterface {
  name = 'IntegrationNotices1795886568529';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "template_installer"."configured_action" ("app_id" uuid NOT NULL, "action_key" text NOT NULL, "configuration_id" uuid NOT NULL, "status" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bb205dbe7d7aba36b0c36e19a5a" PRIMARY KEY ("app_id", "action_key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "template_installer"."integration_notice" ("id" uuid NOT NULL, "app_id" uuid NOT NULL, "action_key" text NOT NULL, "configuration_id" uuid NOT NULL, "source_event_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dismissed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ed0729a8a085cf8784c6e877521" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_integration_notice_app_action" ON "template_installer"."integration_notice" ("app_id", "action_key") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "template_installer"."uq_integration_notice_app_action"');
    await queryRunner.query('DROP TABLE "template_installer"."integration_notice"');
    await queryRunner.query('DROP TABLE "template_installer"."configured_action"');
  }
}
