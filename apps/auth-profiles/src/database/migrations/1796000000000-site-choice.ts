import { MigrationInterface, QueryRunner } from 'typeorm';

export class SiteChoice1796000000000 implements MigrationInterface {
  name = 'SiteChoice1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "auth_profiles"."authorization" ADD "site_choice_hash" character(64)',
    );
    await queryRunner.query('ALTER TABLE "auth_profiles"."authorization" ADD "site_choices" jsonb');
    await queryRunner.query(
      'ALTER TABLE "auth_profiles"."authorization" ADD "pending_tokens_encrypted" text',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "authorization_site_choice_hash_unique" ON "auth_profiles"."authorization" ("site_choice_hash")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "auth_profiles"."authorization_site_choice_hash_unique"');
    await queryRunner.query(
      'ALTER TABLE "auth_profiles"."authorization" DROP COLUMN "pending_tokens_encrypted"',
    );
    await queryRunner.query('ALTER TABLE "auth_profiles"."authorization" DROP COLUMN "site_choices"');
    await queryRunner.query('ALTER TABLE "auth_profiles"."authorization" DROP COLUMN "site_choice_hash"');
  }
}
