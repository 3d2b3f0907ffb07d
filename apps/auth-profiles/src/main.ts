import 'reflect-metadata';
import { bootstrapService } from '@actionhub/service-kit';
import { AppModule } from './app.module';
import { configSchema, openApiInfo, SERVICE_NAME } from './config/auth-profiles.config';

void bootstrapService(AppModule.forRoot(), {
  serviceName: SERVICE_NAME,
  config: configSchema,
  openApi: openApiInfo,
});
