import { EnvironmentConfig, NON_PRODUCTION_TUTOR_RESOURCES, PRODUCTION_TUTOR_RESOURCES, TutorInputs, TutorSecrets } from "@openedx-infra/constructs";

/** `terraform output -json` of one stack: output name → `{ value, type, sensitive }`. */
export type TerraformOutputs = Readonly<Record<string, { readonly value: unknown }>>;

/** The outputs of an environment's edge and data stacks. */
export interface EnvironmentOutputs {
  readonly edge: TerraformOutputs;
  readonly data: TerraformOutputs;
}

/** The edge-stack outputs the hand-off reads. */
export const EDGE_OUTPUTS = ["lms_host", "studio_host", "mfe_host", "meilisearch_host", "media_host", "smtp_host", "smtp_port", "smtp_secret_arn", "ecr_repository_url"] as const;

/** The data-stack outputs the hand-off reads. */
export const DATA_OUTPUTS = [
  "mysql_endpoint",
  "mysql_port",
  "mysql_master_username",
  "mysql_master_secret_arn",
  "documentdb_endpoint",
  "documentdb_port",
  "documentdb_master_username",
  "documentdb_master_secret_arn",
  "redis_primary_endpoint",
  "redis_port",
  "redis_auth_secret_arn",
  "media_bucket_name",
] as const;

/** The secret ARNs among the outputs, and which secret each holds. */
export interface SecretArns {
  readonly mysql: string;
  readonly documentDb: string;
  readonly redis: string;
  readonly smtp: string;
}

/** Reads the outputs the hand-off needs; throws one error naming every missing or malformed output. */
export function readOutputs(environment: EnvironmentConfig, outputs: EnvironmentOutputs): { values: Record<string, string>; secretArns: SecretArns } {
  const problems: string[] = [];
  const values: Record<string, string> = {};
  const read = (stack: "edge" | "data", names: readonly string[]) => {
    for (const name of names) {
      const value = outputs[stack]?.[name]?.value;
      if (typeof value === "string" && value !== "") values[name] = value;
      else problems.push(`output ${name} of stack ${environment.name}-${stack} is ${value === undefined ? "missing" : `not a non-empty string (got ${JSON.stringify(value)})`}`);
    }
  };
  read("edge", EDGE_OUTPUTS);
  read("data", DATA_OUTPUTS);
  if (problems.length > 0) throw new Error(`cannot build the Tutor configuration of ${environment.name}:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  return {
    values,
    secretArns: { mysql: values.mysql_master_secret_arn, documentDb: values.documentdb_master_secret_arn, redis: values.redis_auth_secret_arn, smtp: values.smtp_secret_arn },
  };
}

/** Assembles the library's {@link TutorInputs} from the outputs, the environment and the secrets. */
export function tutorInputs(environment: EnvironmentConfig, values: Readonly<Record<string, string>>, imageTag: string, secrets: TutorSecrets, redisUsername: string): TutorInputs {
  return {
    lmsHost: values.lms_host,
    studioHost: values.studio_host,
    mfeHost: values.mfe_host,
    meilisearchHost: values.meilisearch_host,
    mediaHost: values.media_host,
    region: environment.region,
    imageRepositoryUrl: values.ecr_repository_url,
    imageTag,
    mysqlHost: values.mysql_endpoint,
    mysqlPort: Number(values.mysql_port),
    mysqlUsername: values.mysql_master_username,
    mongodbHost: values.documentdb_endpoint,
    mongodbPort: Number(values.documentdb_port),
    mongodbUsername: values.documentdb_master_username,
    redisHost: values.redis_primary_endpoint,
    redisPort: Number(values.redis_port),
    redisUsername,
    smtpHost: values.smtp_host,
    smtpPort: Number(values.smtp_port),
    mediaBucketName: values.media_bucket_name,
    resources: environment.tier === "production" ? PRODUCTION_TUTOR_RESOURCES : NON_PRODUCTION_TUTOR_RESOURCES,
    // Production spreads its replicas over nodes and zones; elsewhere the idle pods share one node.
    spreadReplicas: environment.tier === "production",
    secrets,
  };
}
