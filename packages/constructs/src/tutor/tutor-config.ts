import { stringify } from "yaml";
import { TutorInputs, validateTutorInputs } from "./tutor-inputs";

/** A value of Tutor's `config.yml` that the hand-off sets. */
export type TutorConfigValue = string | number | boolean;

/** The keys the hand-off sets in Tutor's `config.yml`. */
export type TutorConfig = Readonly<Record<string, TutorConfigValue>>;

/** The `config.yml` keys that hold secrets; nothing else the hand-off writes may contain them. */
export const TUTOR_SECRET_CONFIG_KEYS = [
  "MYSQL_ROOT_PASSWORD",
  "OPENEDX_MYSQL_PASSWORD",
  "MONGODB_PASSWORD",
  "REDIS_PASSWORD",
  "SMTP_USERNAME",
  "SMTP_PASSWORD",
] as const;

/**
 * The `config.yml` keys for an environment: the managed services instead of Tutor's in-cluster
 * ones (`RUN_MYSQL`, `RUN_MONGODB`, `RUN_REDIS`, `RUN_SMTP` false), the ingress in front of Caddy
 * (`ENABLE_WEB_PROXY` false, `ENABLE_HTTPS` true), the ECR image, and the openedx_infra plugin's
 * own `OPENEDX_INFRA_*` keys (bucket, region, media host, service account). Meilisearch stays in
 * the cluster (`RUN_MEILISEARCH` keeps its default). Every core key exists in Tutor v21 and v22.
 *
 * AWS access keys are set empty on purpose: edx-platform then leaves boto3 its default credential
 * chain, which picks up the pods' EKS Pod Identity role.
 *
 * @throws TutorInputsError listing every invalid input
 */
export function buildTutorConfig(inputs: TutorInputs): TutorConfig {
  validateTutorInputs(inputs);
  const { secrets } = inputs;
  return {
    LMS_HOST: inputs.lmsHost,
    CMS_HOST: inputs.studioHost,
    MEILISEARCH_HOST: inputs.meilisearchHost,
    ENABLE_HTTPS: true,
    ENABLE_WEB_PROXY: false,
    K8S_NAMESPACE: inputs.namespace ?? "openedx",
    DOCKER_IMAGE_OPENEDX: `${inputs.imageRepositoryUrl}:${inputs.imageTag}`,
    RUN_MYSQL: false,
    MYSQL_HOST: inputs.mysqlHost,
    MYSQL_PORT: inputs.mysqlPort,
    MYSQL_ROOT_USERNAME: inputs.mysqlUsername,
    MYSQL_ROOT_PASSWORD: secrets.mysqlPassword,
    OPENEDX_MYSQL_PASSWORD: secrets.openedxMysqlPassword,
    RUN_MONGODB: false,
    MONGODB_HOST: inputs.mongodbHost,
    MONGODB_PORT: inputs.mongodbPort,
    MONGODB_USERNAME: inputs.mongodbUsername,
    MONGODB_PASSWORD: secrets.mongodbPassword,
    MONGODB_USE_SSL: true,
    MONGODB_REPLICA_SET: "rs0",
    MONGODB_AUTH_SOURCE: "admin",
    RUN_REDIS: false,
    REDIS_HOST: inputs.redisHost,
    REDIS_PORT: inputs.redisPort,
    REDIS_USERNAME: inputs.redisUsername ?? "default",
    REDIS_PASSWORD: secrets.redisPassword,
    RUN_SMTP: false,
    SMTP_HOST: inputs.smtpHost,
    SMTP_PORT: inputs.smtpPort,
    SMTP_USERNAME: secrets.smtpUsername,
    SMTP_PASSWORD: secrets.smtpPassword,
    SMTP_USE_TLS: true,
    SMTP_USE_SSL: false,
    OPENEDX_AWS_ACCESS_KEY: "",
    OPENEDX_AWS_SECRET_ACCESS_KEY: "",
    OPENEDX_INFRA_S3_BUCKET_NAME: inputs.mediaBucketName,
    OPENEDX_INFRA_S3_REGION: inputs.region,
    OPENEDX_INFRA_MEDIA_HOST: inputs.mediaHost,
    OPENEDX_INFRA_SERVICE_ACCOUNT_NAME: inputs.serviceAccountName ?? "openedx",
  };
}

/**
 * Lays the hand-off's keys over an existing `config.yml`. Every other key is kept: above all the
 * secrets Tutor generated on its first `tutor config save` (`ID`, `OPENEDX_SECRET_KEY`,
 * `JWT_RSA_PRIVATE_KEY`, `MEILISEARCH_MASTER_KEY`…), whose loss would end every session and
 * invalidate every token, and `PLUGINS`, which `tutor plugins enable` maintains.
 */
export function mergeTutorConfig(existing: Readonly<Record<string, unknown>>, config: TutorConfig): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...existing, ...config };
  return Object.fromEntries(Object.keys(merged).sort().map((key) => [key, merged[key]]));
}

/** Renders a `config.yml` mapping as YAML, as Tutor writes it: one key a line, sorted. */
export function renderTutorConfig(config: Readonly<Record<string, unknown>>): string {
  return stringify(config, { sortMapEntries: true, lineWidth: 0 });
}
