import { IConstruct } from "constructs";

/**
 * An invalid prop or usage, raised while constructs are built. The message says what was wrong,
 * the bad value and what is allowed; the construct path tells which construct raised it.
 */
export class ValidationError extends Error {
  constructor(message: string, scope: IConstruct) {
    super(`${message} (at ${scope.node.path || "<app>"})`);
    this.name = "ValidationError";
  }
}
