import { MigrationInterface, QueryRunner } from 'typeorm';

export class DialogTasks1795886635692 implements MigrationInterface {
  name = 'DialogTasks1795886635692';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "dialogs"."action_configuration" ("app_id" uuid NOT NULL, "action_key" text NOT NULL, "configuration_id" uuid NOT NULL, "authorization_type" text NOT NULL, "mechanism" text NOT NULL, "profile" jsonb NOT NULL, "enabled" boolean NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_935bc972b7f4017b087a6d54dc1" PRIMARY KEY ("app_id", "action_key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "dialogs"."dialog_task_failure" ("installation_id" uuid NOT NULL, "app_id" uuid NOT NULL, "action_key" text NOT NULL, "template_key" text NOT NULL, "reason" text NOT NULL, "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_79813e5eb8c33fe2c6718dbfd7b" PRIMARY KEY ("installation_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "dialogs"."dialog_task" ("dialog_id" uuid NOT NULL, "app_id" uuid NOT NULL, "installation_id" uuid NOT NULL, "action_key" text NOT NULL, "template_key" text NOT NULL, "template_version" integer NOT NULL, "name" text NOT NULL, "definition" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_61ccb4565ecf744aa35527c9dde" PRIMARY KEY ("dialog_id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ux_dialog_task_installation" ON "dialogs"."dialog_task" ("installation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dialog_task_app_action" ON "dialogs"."dialog_task" ("app_id", "action_key") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dialog_task_app" ON "dialogs"."dialog_task" ("app_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "dialogs"."dialog_run" ("run_id" uuid NOT NULL, "app_id" uuid NOT NULL, "dialog_id" uuid NOT NULL, "end_user_id" text NOT NULL, "status" text NOT NULL, "error_id" uuid, "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b843544e2a277e5058534bec313" PRIMARY KEY ("run_id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ux_dialog_run_error" ON "dialogs"."dialog_run" ("error_id") WHERE error_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dialog_run_dialog" ON "dialogs"."dialog_run" ("dialog_id", "created_at") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "dialogs"."ix_dialog_run_dialog"');
    await queryRunner.query('DROP INDEX "dialogs"."ux_dialog_run_error"');
    await queryRunner.query('DROP TABLE "dialogs"."dialog_run"');
    await queryRunner.query('DROP INDEX "dialogs"."ix_dialog_task_app"');
    await queryRunner.query('DROP INDEX "dialogs"."ix_dialog_task_app_action"');
    await queryRunner.query('DROP INDEX "dialogs"."ux_dialog_task_installation"');
    await queryRunner.query('DROP TABLE "dialogs"."dialog_task"');
    await queryRunner.query('DROP TABLE "dialogs"."dialog_task_failure"');
    await queryRunner.query('DROP TABLE "dialogs"."action_configuration"');
  }
}
