import { MigrationInterface, QueryRunner } from 'typeorm';

export class LateReplays1795985306038 implements MigrationInterface {
  name = 'LateReplays1795985306038';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "template_installer"."deleted_configuration" ("configuration_id" uuid NOT NULL, "app_id" uuid NOT NULL, "action_key" text NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cea9eb65df0569938aa1eb7b2e0" PRIMARY KEY ("configuration_id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "template_installer"."configured_action" ADD "sequence" integer NOT NULL DEFAULT \'0\'',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "template_installer"."configured_action" DROP COLUMN "sequence"');
    await queryRunner.query('DROP TABLE "template_installer"."deleted_configuration"');
  }
}
