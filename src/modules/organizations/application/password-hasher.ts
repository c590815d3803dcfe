export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  /**
   * False for a wrong password. With no stored hash (unknown email) it still spends the time of
   * a real verification, so response time does not reveal which emails exist.
   */
  abstract verify(hash: string | undefined, password: string): Promise<boolean>;
}
