import { SecretCipher } from '../crypto/secret-cipher';
import { AuthProfileEntity } from './auth-profile.entity';

export const secretContext = (profileId: string) => `auth_profile:${profileId}:client_secret`;

/** A custom profile's client as the token endpoint sees it. */
export function customClientOf(p: AuthProfileEntity, cipher: SecretCipher) {
  return {
    clientId: p.clientId ?? '',
    clientSecret: p.clientSecretEncrypted ? cipher.decrypt(p.clientSecretEncrypted, secretContext(p.id)) : '',
    refreshTokenUrl: p.refreshTokenUrl ?? p.tokenUrl ?? '',
  };
}
