import { KmsKey } from "../../src/encryption/kms-key";
import { AwsStack } from "../../src/stack/aws-stack";
import { testStack } from "../synth";

/** A stack (account 111122223333, eu-west-1, OpenedxAws pack) with the keys buckets use. */
export interface StorageFixture {
  readonly stack: AwsStack;
  readonly storageKey: KmsKey;
  readonly backupKey: KmsKey;
}

export function storageFixture(): StorageFixture {
  const stack = testStack();
  const storageKey = new KmsKey(stack, "storage", { aliasName: "test/storage", description: "storage" });
  const backupKey = new KmsKey(stack, "backup", { aliasName: "test/backup", description: "backup" });
  return { stack, storageKey, backupKey };
}

/** The message of the error `build` throws; fails the test if it does not throw. */
export function rejection(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the construct to be rejected");
}
