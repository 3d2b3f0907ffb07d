import { MigrationInterface, QueryRunner } from 'typeorm';

export class RefreshLeasesAndClientRejections1795985031159 implements MigrationInterface {
  name = 'RefreshLeasesAndClientRejections1795985031159';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "auth_profiles"."client_rejection" ("profile_key" character varying(120) NOT NULL, "client_fingerprint" character varying(64) NOT NULL, "reason" character varying(1000) NOT NULL, "rejected_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recheck_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_643f230f0d988fc8244baf0aeab" PRIMARY KEY ("profile_key"))',
    );
    await queryRunner.query('ALTER TABLE "auth_profiles"."connection" ADD "refresh_lease_owner" uuid');
    await queryRunner.query(
      'ALTER TABLE "auth_profiles"."connection" ADD "refresh_lease_until" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      'ALTER TABLE "auth_profiles"."connection" ADD "refresh_failures" integer NOT NULL DEFAULT \'0\'',
    );
    await queryRunner.query(
      'ALTER TABLE "auth_profiles"."connection" ADD "refresh_retry_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      'CREATE INDEX "connection_refresh_lease_idx" ON "auth_profiles"."connection" ("refresh_lease_until") WHERE "refresh_lease_owner" IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "auth_profiles"."connection_refresh_lease_idx"');
    await queryRunner.query('ALTER TABLE "auth_profiles"."connection" DROP COLUMN "refresh_retry_at"');
    await queryRunner.query('ALTER TABLE "auth_profiles"."connection" DROP COLUMN "refresh_failures"');
    await queryRunner.query('ALTER TABLE "auth_profiles"."connection" DROP COLUMN "refresh_lease_until"');
    await queryRunner.query('ALTER TABLE "auth_profiles"."connection" DROP COLUMN "refresh_lease_owner"');
    await queryRunner.query('DROP TABLE "auth_profiles"."client_rejection"');
  }
}
