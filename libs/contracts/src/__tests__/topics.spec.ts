import { allTopics, dlqTopic, Topics } from '../topics';

describe('topics', () => {
  it('names one topic per producing service', () => {
    expect(Topics).toEqual({
      authProfiles: 'actionhub.auth-profiles.events',
      actionConfig: 'actionhub.action-config.events',
      templateInstaller: 'actionhub.template-installer.events',
      dialogs: 'actionhub.dialogs.events',
    });
  });

  it('lists every events topic with its dead-letter topic', () => {
    expect(dlqTopic(Topics.dialogs)).toBe('actionhub.dialogs.events.dlq');
    expect(allTopics().sort()).toEqual(
      Object.values(Topics)
        .flatMap((t) => [t, `${t}.dlq`])
        .sort(),
    );
  });
});
