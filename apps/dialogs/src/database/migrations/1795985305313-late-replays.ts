import { MigrationInterface, QueryRunner } from 'typeorm';

export class LateReplays1795985305313 implements MigrationInterface {
  name = 'LateReplays1795985305313';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "dialogs"."deleted_configuration" ("configuration_id" uuid NOT NULL, "app_id" uuid NOT NULL, "action_key" text NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cea9eb65df0569938aa1eb7b2e0" PRIMARY KEY ("configuration_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "dialogs"."uninstalled_installation" ("installation_id" uuid NOT NULL, "app_id" uuid NOT NULL, "uninstalled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f3298e318bc65073e0a9410b1f5" PRIMARY KEY ("installation_id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "dialogs"."action_configuration" ADD "sequence" integer NOT NULL DEFAULT \'0\'',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "dialogs"."action_configuration" DROP COLUMN "sequence"');
    await queryRunner.query('DROP TABLE "dialogs"."uninstalled_installation"');
    await queryRunner.query('DROP TABLE "dialogs"."deleted_configuration"');
  }
}
