import { PolicyStatement } from "../iam/policy-document";
import { STATE_KEY_ALIAS, stateBucketName } from "../state/state-naming";
import { GitHubCiEnvironment } from "./github-ci-environment";

/** `arn:aws:s3:::<state bucket>` of an environment's account and region. */
export function stateBucketArn(environment: GitHubCiEnvironment): string {
  return `arn:aws:s3:::${stateBucketName(environment.accountId, environment.region)}`;
}

/**
 * Allows `actions` on the state key. IAM cannot name a key by its alias in `Resource`, so the
 * statement covers the region's keys and narrows them to the one carrying the alias
 * `alias/openedx-infra-state` (`kms:ResourceAliases`), whichever stack created it.
 */
export function stateKeyStatement(sid: string, environment: GitHubCiEnvironment, actions: readonly string[], effect: "Allow" | "Deny" = "Allow"): PolicyStatement {
  return {
    Sid: sid,
    Effect: effect,
    Action: [...actions],
    Resource: `arn:aws:kms:${environment.region}:${environment.accountId}:key/*`,
    Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": STATE_KEY_ALIAS } },
  };
}

/**
 * What reading an environment's Terraform state needs: list the bucket (the S3 backend lists
 * workspaces), get the state objects `<environment>/<component>.tfstate` and decrypt them.
 *
 * @param components - the components whose state may be read, e.g. `["edge", "data"]`; when
 *   omitted, every component of the environment (`<environment>/*.tfstate`)
 */
export function stateReadStatements(environment: GitHubCiEnvironment, components?: readonly string[]): PolicyStatement[] {
  const bucket = stateBucketArn(environment);
  const objects = components === undefined ? [`${bucket}/${environment.name}/*.tfstate`] : components.map((component) => `${bucket}/${environment.name}/${component}.tfstate`);
  return [
    { Sid: "ListStateBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: bucket },
    { Sid: "ReadState", Effect: "Allow", Action: "s3:GetObject", Resource: objects.length === 1 ? objects[0] : objects },
    stateKeyStatement("DecryptState", environment, ["kms:Decrypt"]),
  ];
}

/**
 * What taking and releasing Terraform's S3-native lock needs (`use_lockfile`): create, read and
 * delete the lock objects `<environment>/*.tfstate.tflock`, encrypted with the state key like
 * every object of the bucket. Nothing else of the bucket can be written.
 */
export function stateLockStatements(environment: GitHubCiEnvironment): PolicyStatement[] {
  return [
    { Sid: "WriteStateLocks", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${stateBucketArn(environment)}/${environment.name}/*.tfstate.tflock` },
    stateKeyStatement("EncryptStateLocks", environment, ["kms:GenerateDataKey"]),
  ];
}

/** The secrets the stacks of an environment create, all named `openedx-<environment>-…` or `openedx-<environment>/…`. */
export function environmentSecretArnPatterns(environment: GitHubCiEnvironment): string[] {
  const prefix = `arn:aws:secretsmanager:${environment.region}:${environment.accountId}:secret:openedx-${environment.name}`;
  return [`${prefix}/*`, `${prefix}-*`];
}

/**
 * Reading secret values: `GetSecretValue` on the given secrets and `kms:Decrypt` only when Secrets
 * Manager asks for one of them (`kms:ViaService`, `kms:EncryptionContext:SecretARN`), whichever
 * key encrypts them.
 */
export function secretReadStatements(environment: GitHubCiEnvironment, secretArnPatterns: readonly string[]): PolicyStatement[] {
  return [
    { Sid: "ReadEnvironmentSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [...secretArnPatterns] },
    {
      Sid: "DecryptEnvironmentSecrets",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: `arn:aws:kms:${environment.region}:${environment.accountId}:key/*`,
      Condition: {
        StringEquals: { "kms:ViaService": `secretsmanager.${environment.region}.amazonaws.com` },
        StringLike: { "kms:EncryptionContext:SecretARN": [...secretArnPatterns] },
      },
    },
  ];
}
