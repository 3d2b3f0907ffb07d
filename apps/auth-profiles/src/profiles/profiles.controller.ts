import { CorrelationId } from '@actionhub/service-kit';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ProfilesService } from './profiles.service';
import { TestProfileUseCase } from './test-profile.use-case';

@Controller('v1/apps/:appId/auth-profiles')
export class ProfilesController {
  constructor(
    private readonly profiles: ProfilesService,
    private readonly tester: TestProfileUseCase,
  ) {}

  @Get()
  list(@Param('appId') appId: string) {
    return this.profiles.list(appId);
  }

  @Post()
  create(@Param('appId') appId: string, @Body() body: unknown) {
    return this.profiles.create(appId, body);
  }

  @Get(':profileId')
  get(@Param('appId') appId: string, @Param('profileId') profileId: string) {
    return this.profiles.get(appId, profileId);
  }

  @Patch(':profileId')
  update(@Param('appId') appId: string, @Param('profileId') profileId: string, @Body() body: unknown) {
    return this.profiles.update(appId, profileId, body);
  }

  @Delete(':profileId')
  @HttpCode(204)
  async delete(
    @Param('appId') appId: string,
    @Param('profileId') profileId: string,
    @CorrelationId() correlationId: string,
  ): Promise<void> {
    await this.profiles.delete(appId, profileId, correlationId);
  }

  /** The product's "Test" button: does the token endpoint accept this client? */
  @Post(':profileId/test')
  @HttpCode(200)
  test(@Param('appId') appId: string, @Param('profileId') profileId: string) {
    return this.tester.execute(appId, profileId);
  }
}
