import { MigrationInterface, QueryRunner } from 'typeorm';

export class TemplateInstallations1795888539618 implements MigrationInterface {
  name = 'TemplateInstallations1795888539618';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "template_installer"."template_installation" ("id" uuid NOT NULL, "app_id" uuid NOT NULL, "action_key" text NOT NULL, "template_key" text NOT NULL, "template_version" integer NOT NULL, "status" text NOT NULL, "dialog_id" uuid, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "uninstalled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_fd9dd4ff59b1483241bb4bcca86" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_template_installation_app_action" ON "template_installer"."template_installation" ("app_id", "action_key") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ux_template_installation_active" ON "template_installer"."template_installation" ("app_id", "action_key", "template_key") WHERE "status" IN (\'installing\', \'installed\')',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "template_installer"."ux_template_installation_active"');
    await queryRunner.query('DROP INDEX "template_installer"."ix_template_installation_app_action"');
    await queryRunner.query('DROP TABLE "template_installer"."template_installation"');
  }
}
