import { MigrationInterface, QueryRunner } from 'typeorm';

export class ActionConfiguration1795886519995 implements MigrationInterface {
  name = 'ActionConfiguration1795886519995';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "action_config"."action_configuration" ("id" uuid NOT NULL, "app_id" uuid NOT NULL, "action_key" text NOT NULL, "state" text NOT NULL, "authorization_type" text NOT NULL, "mechanism" text NOT NULL, "profile_kind" text NOT NULL, "profile_id" uuid, "authorization_id" uuid, "connection_id" uuid, "site" jsonb, "authorized_at" TIMESTAMP WITH TIME ZONE, "authorization_required_since" TIMESTAMP WITH TIME ZONE, "profile_deleted" boolean NOT NULL DEFAULT false, "pending_changes" boolean NOT NULL DEFAULT false, "error_reason" text, "configured_at" TIMESTAMP WITH TIME ZONE, "disabled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f8a00ecbde057f747cec3d070c6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_action_configuration_app_action" ON "action_config"."action_configuration" ("app_id", "action_key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "action_config"."developer_notification" ("id" uuid NOT NULL, "app_id" uuid NOT NULL, "action_key" text NOT NULL, "configuration_id" uuid NOT NULL, "type" text NOT NULL, "message" text NOT NULL, "cause_event_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dfd0ca98148474f3de8897a98f2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_developer_notification_app" ON "action_config"."developer_notification" ("app_id", "created_at") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "action_config"."ix_developer_notification_app"');
    await queryRunner.query('DROP TABLE "action_config"."developer_notification"');
    await queryRunner.query('DROP INDEX "action_config"."uq_action_configuration_app_action"');
    await queryRunner.query('DROP TABLE "action_config"."action_configuration"');
  }
}
