import { defineServiceConfig } from '@actionhub/service-kit';

export const SERVICE_NAME = 'template-installer';

export const openApiInfo = {
  title: 'Actionhub template-installer',
  version: '1',
  description: 'Integration Successful notices and template installations.',
};

/** Everything template-installer reads from its environment, validated at boot. */
export const configSchema = defineServiceConfig({ serviceName: SERVICE_NAME, defaultPort: 3003 });

export type AppConfig = ReturnType<(typeof configSchema)['parse']>;
