import type { FieldCrypto } from '../../crypto/field-crypto';

/**
 * Chat text at rest (chat_messages.text, chat_conversations.lastMessagePreview): sealed with the
 * field key on write, opened on read, like ID numbers. Content checks (msgSecCheck) and pushes use
 * the plaintext before it is sealed. Rows written before bodies were encrypted are plaintext: they
 * read as they are until the re-encryption job (crypto/rotation.ts) seals them.
 */
export class ChatBodies {
  constructor(private readonly crypto: FieldCrypto) {}

  seal(text: string): string;
  seal(text: string | null): string | null;
  seal(text: string | null): string | null {
    return text === null ? null : this.crypto.encrypt(text);
  }

  open(stored: string | null): string | null {
    return stored === null ? null : this.crypto.decryptOrPlaintext(stored);
  }
}
