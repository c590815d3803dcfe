import { Inject, Injectable } from '@nestjs/common';
import { cryptoConfig, ConfigType } from '@switchyard/config';
import { COMMON, DomainError } from '@switchyard/core';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT = 'v1';

/**
 * Secrets at rest (integration tokens, webhook secrets, provider tokens): AES-256-GCM with a
 * random 96-bit nonce, sealed as `v1:<key id>:<nonce>:<tag>:<ciphertext>` (base64url). The key
 * id lets ENCRYPTION_KEY rotate: new values use the current key, old ones still open with the
 * previous keys listed in ENCRYPTION_KEYS_PREVIOUS.
 */
@Injectable()
export class SecretBox {
  constructor(@Inject(cryptoConfig.KEY) private readonly config: ConfigType<typeof cryptoConfig>) {}

  seal(plaintext: string, associatedData = ''): string {
    const keyId = this.config.currentKeyId;
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(keyId), nonce);
    cipher.setAAD(Buffer.from(associatedData));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, keyId, nonce, cipher.getAuthTag(), ciphertext].map((part) => (Buffer.isBuffer(part) ? part.toString('base64url') : part)).join(':');
  }

  open(sealed: string, associatedData = ''): string {
    const [format, keyId, nonce, tag, ciphertext] = sealed.split(':');
    if (format !== FORMAT || !keyId || !nonce || !tag || ciphertext === undefined) throw sealedValueError('is not a sealed value');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(associatedData));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw sealedValueError('failed authentication (wrong key or tampered value)');
    }
  }

  /** True when the value was sealed with an older key and should be sealed again. */
  needsRotation(sealed: string): boolean {
    return sealed.split(':')[1] !== this.config.currentKeyId;
  }

  private key(keyId: string): Buffer {
    const key = this.config.keys[keyId];
    if (!key) throw sealedValueError(`was sealed with key "${keyId}", which is not configured`);
    return key;
  }
}

function sealedValueError(reason: string): DomainError {
  return new DomainError(COMMON.SECRET_UNREADABLE, `A stored secret ${reason}`);
}
