import { MigrationInterface, QueryRunner } from 'typeorm';

export class ConfigurationSequence1795985304459 implements MigrationInterface {
  name = 'ConfigurationSequence1795985304459';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "action_config"."action_configuration" ADD "sequence" integer NOT NULL DEFAULT \'0\'',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "action_config"."action_configuration" DROP COLUMN "sequence"');
  }
}
