/** Password hashing with argon2id (@node-rs/argon2's defaults: argon2id, 19 MiB, 2 passes, 1 lane — OWASP's baseline). */

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
}

// The native module is loaded on the first sign-up or sign-in, not at start.
let argon2: Promise<typeof import('@node-rs/argon2')> | undefined;
const loadArgon2 = () => {
  argon2 ??= import('@node-rs/argon2');
  return argon2;
};

export const argon2PasswordHasher: PasswordHasher = {
  hash: async (password) => (await loadArgon2()).hash(password),
  async verify(passwordHash, password) {
    const { verify } = await loadArgon2();
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  },
};
