import { MigrationInterface, QueryRunner } from 'typeorm';

export class ConnectionsAndProfiles1795886484975 implements MigrationInterface {
  name = 'ConnectionsAndProfiles1795886484975';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "auth_profiles"."authorization" ("id" uuid NOT NULL, "app_id" uuid NOT NULL, "action_key" character varying(100) NOT NULL, "profile_id" character varying(36) NOT NULL, "mechanism" character varying(10) NOT NULL, "subject_type" character varying(10) NOT NULL, "end_user_id" character varying(255), "state_hash" character(64), "code_verifier_encrypted" text, "site_hint" character varying(3000), "return_to" character varying(3000), "status" character varying(10) NOT NULL, "connection_id" uuid, "error" character varying(1000), "correlation_id" character varying(128) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a8a47afd6ac0d056caccc1e9d22" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "authorization_state_hash_unique" ON "auth_profiles"."authorization" ("state_hash") ',
    );
    await queryRunner.query(
      'CREATE INDEX "authorization_app_idx" ON "auth_profiles"."authorization" ("app_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "auth_profiles"."connection" ("id" uuid NOT NULL, "app_id" uuid NOT NULL, "action_key" character varying(100) NOT NULL, "profile_id" character varying(36) NOT NULL, "mechanism" character varying(10) NOT NULL, "subject_type" character varying(10) NOT NULL, "end_user_id" character varying(255), "subject_key" character varying(270) NOT NULL, "site_cloud_id" character varying(255) NOT NULL, "site_url" character varying(3000) NOT NULL, "site_name" character varying(255) NOT NULL, "api_base_url" character varying(3000) NOT NULL, "scopes" text array NOT NULL DEFAULT \'{}\', "secrets_encrypted" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "status" character varying(20) NOT NULL, "status_reason" character varying(1000), "refreshed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_be611ce8b8cf439091c82a334b2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "connection_subject_unique" ON "auth_profiles"."connection" ("app_id", "action_key", "subject_key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "auth_profiles"."auth_profile" ("id" uuid NOT NULL, "app_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "type" character varying(10) NOT NULL, "identity_provider_name" character varying(100) NOT NULL, "description" character varying(1000), "client_id" character varying(255), "client_secret_encrypted" text, "authorization_url" character varying(3000), "token_url" character varying(3000), "refresh_token_url" character varying(3000), "scopes" text array NOT NULL DEFAULT \'{}\', "authorization_params" jsonb NOT NULL DEFAULT \'{}\', "token_request_auth" character varying(30), "pkce" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4339c2a4f958dfe3b3b38eb09d9" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "auth_profile_app_name_unique" ON "auth_profiles"."auth_profile" ("app_id", "name") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "auth_profiles"."auth_profile_app_name_unique"');
    await queryRunner.query('DROP TABLE "auth_profiles"."auth_profile"');
    await queryRunner.query('DROP INDEX "auth_profiles"."connection_subject_unique"');
    await queryRunner.query('DROP TABLE "auth_profiles"."connection"');
    await queryRunner.query('DROP INDEX "auth_profiles"."authorization_app_idx"');
    await queryRunner.query('DROP INDEX "auth_profiles"."authorization_state_hash_unique"');
    await queryRunner.query('DROP TABLE "auth_profiles"."authorization"');
  }
}
