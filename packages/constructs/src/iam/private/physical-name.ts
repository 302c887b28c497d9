import { createHash } from "node:crypto";

/**
 * Joins name parts with `-` and, when the result is longer than AWS allows, truncates it and
 * appends a short hash of the full name. The hash keeps two long names that share a prefix from
 * colliding, and the result is deterministic, so the same inputs always give the same name (a
 * changing name would replace the resource).
 */
export function physicalName(parts: readonly string[], maxLength: number): string {
  const full = parts.join("-");
  if (full.length <= maxLength) {
    return full;
  }
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
  return `${full.slice(0, maxLength - hash.length - 1)}-${hash}`;
}

/** IAM role names are at most 64 characters. */
export const IAM_ROLE_NAME_MAX_LENGTH = 64;
