import { MigrationInterface, QueryRunner } from 'typeorm';

export class BrowserBindingAndReturnOrigins1795995628183 implements MigrationInterface {
  name = 'BrowserBindingAndReturnOrigins1795995628183';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "auth_profiles"."return_origins" ("app_id" uuid NOT NULL, "origins" text array NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ffb73732e0d1183d98ba05b4bd2" PRIMARY KEY ("app_id"))',
    );
    await queryRunner.query('ALTER TABLE "auth_profiles"."authorization" ADD "link_hash" character(64)');
    await queryRunner.query(
      'ALTER TABLE "auth_profiles"."authorization" ADD "browser_binding_hash" character(64)',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "authorization_link_hash_unique" ON "auth_profiles"."authorization" ("link_hash") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "auth_profiles"."authorization_link_hash_unique"');
    await queryRunner.query('ALTER TABLE "auth_profiles"."authorization" DROP COLUMN "browser_binding_hash"');
    await queryRunner.query('ALTER TABLE "auth_profiles"."authorization" DROP COLUMN "link_hash"');
    await queryRunner.query('DROP TABLE "auth_profiles"."return_origins"');
  }
}
