/**
 * A configuration problem: start-up stops with exit code 1 and prints this one line, which names
 * the setting and the problem, never its value (it could be a secret).
 */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`${setting}: ${problem}`);
  }
}
