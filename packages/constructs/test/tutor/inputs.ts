import { defineEnvironment, EnvironmentConfigInput } from "../../src/config/environment-config";
import { NON_PRODUCTION_TUTOR_RESOURCES, TutorInputs } from "../../src/tutor/tutor-inputs";

/** Fake secrets: distinctive, so a test can search every written byte for them. */
export const FAKE_SECRETS = {
  mysqlPassword: "MysqlMasterSecret0001",
  openedxMysqlPassword: "OpenedxMysqlSecret0002",
  mongodbPassword: "DocdbMasterSecret0003",
  redisPassword: "0123456789abcdef0123456789abcdef",
  smtpUsername: "AKIAFAKESMTPUSER0004",
  smtpPassword: "BFakeSesSmtpPassword+/0005=",
} as const;

/** Inputs as the hand-off assembles them from an environment's configuration and fake outputs. */
export function inputsFor(input: EnvironmentConfigInput, overrides: Partial<TutorInputs> = {}): TutorInputs {
  const environment = defineEnvironment(input);
  const production = environment.tier === "production";
  return {
    lmsHost: environment.hosts.lms,
    studioHost: environment.hosts.studio,
    mfeHost: environment.hosts.mfe,
    meilisearchHost: environment.hosts.meilisearch,
    mediaHost: environment.hosts.media,
    region: environment.region,
    imageRepositoryUrl: `${environment.accountId}.dkr.ecr.${environment.region}.amazonaws.com/openedx/${environment.name}/openedx`,
    imageTag: "0123abcd",
    mysqlHost: `openedx-${environment.name}-mysql.abcdefghijkl.${environment.region}.rds.amazonaws.com`,
    mysqlPort: 3306,
    mysqlUsername: "openedx_admin",
    mongodbHost: `openedx-${environment.name}-docdb.cluster-abcdefghijkl.${environment.region}.docdb.amazonaws.com`,
    mongodbPort: 27017,
    mongodbUsername: "openedx_admin",
    redisHost: `master.openedx-${environment.name}-cache.abcdef.euw1.cache.amazonaws.com`,
    redisPort: 6379,
    smtpHost: `email-smtp.${environment.region}.amazonaws.com`,
    smtpPort: 587,
    mediaBucketName: `openedx-${environment.name}-media-${environment.accountId}-${environment.region}`,
    resources: production ? undefined : NON_PRODUCTION_TUTOR_RESOURCES,
    // As the hand-off sets it by tier: production keeps the default spread over nodes and zones.
    spreadReplicas: production ? undefined : false,
    secrets: { ...FAKE_SECRETS },
    ...overrides,
  };
}
