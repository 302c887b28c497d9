import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { productionInput, stagingInput } from "../fixtures";
import { buildTutorConfig, mergeTutorConfig, renderTutorConfig, TUTOR_SECRET_CONFIG_KEYS } from "../../src/tutor/tutor-config";
import { TutorInputsError } from "../../src/tutor/tutor-inputs";
import { isTutorConfigKey } from "../../src/tutor/tutor-keys";
import { TUTOR_PLUGIN_DEFAULTS } from "../../src/tutor/tutor-plugin";
import { FAKE_SECRETS, inputsFor } from "./inputs";

describe.each([
  ["production", productionInput()],
  ["staging", stagingInput()],
])("buildTutorConfig for %s", (name, environment) => {
  const config = buildTutorConfig(inputsFor(environment));

  it("sets only keys of Tutor v21 and v22 or the plugin's declared keys", () => {
    for (const key of Object.keys(config)) {
      expect(isTutorConfigKey(key), key).toBe(true);
      if (key.startsWith("OPENEDX_INFRA_")) expect(Object.keys(TUTOR_PLUGIN_DEFAULTS), key).toContain(key.slice("OPENEDX_INFRA_".length));
    }
  });

  it("sets every value for the managed services", () => {
    const domain = environment.domain;
    expect(config).toEqual({
      LMS_HOST: domain,
      CMS_HOST: `studio.${domain}`,
      MEILISEARCH_HOST: `meilisearch.${domain}`,
      ENABLE_HTTPS: true,
      ENABLE_WEB_PROXY: false,
      K8S_NAMESPACE: "openedx",
      DOCKER_IMAGE_OPENEDX: `${environment.accountId}.dkr.ecr.eu-west-1.amazonaws.com/openedx/${name}/openedx:0123abcd`,
      RUN_MYSQL: false,
      MYSQL_HOST: `openedx-${name}-mysql.abcdefghijkl.eu-west-1.rds.amazonaws.com`,
      MYSQL_PORT: 3306,
      MYSQL_ROOT_USERNAME: "openedx_admin",
      MYSQL_ROOT_PASSWORD: FAKE_SECRETS.mysqlPassword,
      OPENEDX_MYSQL_PASSWORD: FAKE_SECRETS.openedxMysqlPassword,
      RUN_MONGODB: false,
      MONGODB_HOST: `openedx-${name}-docdb.cluster-abcdefghijkl.eu-west-1.docdb.amazonaws.com`,
      MONGODB_PORT: 27017,
      MONGODB_USERNAME: "openedx_admin",
      MONGODB_PASSWORD: FAKE_SECRETS.mongodbPassword,
      MONGODB_USE_SSL: true,
      MONGODB_REPLICA_SET: "rs0",
      MONGODB_AUTH_SOURCE: "admin",
      RUN_REDIS: false,
      REDIS_HOST: `master.openedx-${name}-cache.abcdef.euw1.cache.amazonaws.com`,
      REDIS_PORT: 6379,
      REDIS_USERNAME: "default",
      REDIS_PASSWORD: FAKE_SECRETS.redisPassword,
      RUN_SMTP: false,
      SMTP_HOST: "email-smtp.eu-west-1.amazonaws.com",
      SMTP_PORT: 587,
      SMTP_USERNAME: FAKE_SECRETS.smtpUsername,
      SMTP_PASSWORD: FAKE_SECRETS.smtpPassword,
      SMTP_USE_TLS: true,
      SMTP_USE_SSL: false,
      OPENEDX_AWS_ACCESS_KEY: "",
      OPENEDX_AWS_SECRET_ACCESS_KEY: "",
      OPENEDX_INFRA_S3_BUCKET_NAME: `openedx-${name}-media-${environment.accountId}-eu-west-1`,
      OPENEDX_INFRA_S3_REGION: "eu-west-1",
      OPENEDX_INFRA_MEDIA_HOST: `media.${domain}`,
      OPENEDX_INFRA_SERVICE_ACCOUNT_NAME: "openedx",
    });
  });

  it("keeps the secrets under the secret keys only", () => {
    const secretValues = Object.values(FAKE_SECRETS) as string[];
    for (const [key, value] of Object.entries(config)) {
      const isSecretKey = (TUTOR_SECRET_CONFIG_KEYS as readonly string[]).includes(key);
      expect(secretValues.includes(String(value)), key).toBe(isSecretKey);
    }
  });
});

describe("mergeTutorConfig", () => {
  it("keeps Tutor's generated secrets and plugins, and replaces the hand-off's keys", () => {
    const generated = buildTutorConfig(inputsFor(productionInput()));
    const merged = mergeTutorConfig({ ID: "abc", OPENEDX_SECRET_KEY: "keep-me", PLUGINS: ["mfe", "indigo", "openedx_infra"], LMS_HOST: "old.example.edu", MYSQL_HOST: "mysql" }, generated);
    expect(merged.ID).toBe("abc");
    expect(merged.OPENEDX_SECRET_KEY).toBe("keep-me");
    expect(merged.PLUGINS).toEqual(["mfe", "indigo", "openedx_infra"]);
    expect(merged.LMS_HOST).toBe("courses.example.edu");
    expect(merged.MYSQL_HOST).toBe(generated.MYSQL_HOST);
    expect(Object.keys(merged)).toEqual([...Object.keys(merged)].sort());
  });

  it("renders YAML that parses back to the same mapping", () => {
    const merged = mergeTutorConfig({ PLUGINS: ["mfe"] }, buildTutorConfig(inputsFor(stagingInput())));
    expect(parse(renderTutorConfig(merged))).toEqual(merged);
  });
});

describe("buildTutorConfig rejects", () => {
  const reject = (overrides: Parameters<typeof inputsFor>[1], ...messages: string[]) => {
    let error: unknown;
    try {
      buildTutorConfig(inputsFor(productionInput(), overrides));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TutorInputsError);
    expect((error as TutorInputsError).message).toBe(["invalid Tutor inputs:", ...messages.map((message) => `  - ${message}`)].join("\n"));
  };

  it("an MFE host other than tutor-mfe's default", () => {
    reject({ mfeHost: "mfe.courses.example.edu" }, 'mfeHost must be "apps.courses.example.edu", tutor-mfe\'s default MFE_HOST (MFE_HOST is no core Tutor key), got "mfe.courses.example.edu"');
  });

  it("bad hosts, region, namespace and service account, all at once", () => {
    reject(
      { lmsHost: "https://Courses.example.edu", mfeHost: "apps.https://Courses.example.edu", region: "Europe", namespace: "Open_edX", serviceAccountName: "-sa" },
      'lmsHost must be a lowercase DNS name such as "courses.example.edu", got "https://Courses.example.edu"',
      'mfeHost must be a lowercase DNS name such as "courses.example.edu", got "apps.https://Courses.example.edu"',
      'region must be an AWS region such as "eu-west-1", got "Europe"',
      'namespace must be a DNS label (1-63 lowercase letters, digits and "-"), got "Open_edX"',
      'serviceAccountName must be a DNS label (1-63 lowercase letters, digits and "-"), got "-sa"',
      'imageRepositoryUrl must be in region Europe, got "111122223333.dkr.ecr.eu-west-1.amazonaws.com/openedx/production/openedx"',
    );
  });

  it("an image repository URL with a tag, and the latest tag", () => {
    reject(
      { imageRepositoryUrl: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/openedx:v1", imageTag: "latest" },
      'imageRepositoryUrl must be an ECR repository URL "<account>.dkr.ecr.<region>.amazonaws.com/<name>" without a tag, got "111122223333.dkr.ecr.eu-west-1.amazonaws.com/openedx:v1"',
      'imageTag must be 1-128 letters, digits, "_", "." or "-" (not starting with "." or "-") and not "latest", which would make rollouts unrepeatable, got "latest"',
    );
  });

  it("an image in another region", () => {
    reject(
      { imageRepositoryUrl: "111122223333.dkr.ecr.us-east-1.amazonaws.com/openedx" },
      'imageRepositoryUrl must be in region eu-west-1, got "111122223333.dkr.ecr.us-east-1.amazonaws.com/openedx"',
    );
  });

  it("bad endpoints, ports, users and bucket", () => {
    reject(
      { mysqlHost: "", mongodbPort: 0, redisPort: 70000, smtpPort: 465, mysqlUsername: "1admin", mongodbUsername: "admin-user", redisUsername: "_x", mediaBucketName: "Media" },
      'mysqlHost must be a lowercase DNS name (the endpoint output), got ""',
      "mongodbPort must be a port number 1-65535, got 0",
      "redisPort must be a port number 1-65535, got 70000",
      "smtpPort must be a STARTTLS port of SES (25, 587, 2587), since SMTP_USE_TLS is true, got 465",
      'mysqlUsername must be 1-63 letters, digits or "_", starting with a letter, got "1admin"',
      'mongodbUsername must be 1-63 letters, digits or "_", starting with a letter, got "admin-user"',
      'redisUsername must be 1-120 letters, digits or "-", starting with a letter, got "_x"',
      'mediaBucketName must be an S3 bucket name (3-63 lowercase letters, digits, "." and "-"), got "Media"',
    );
  });

  it("bad resources", () => {
    reject(
      {
        resources: {
          lms: { cpuRequest: "2", memoryRequest: "2Gi", cpuLimit: "1", memoryLimit: "1Gi" },
          cms: { cpuRequest: "1 cpu", memoryRequest: "2GB", cpuLimit: "1", memoryLimit: "2Gi" },
          lmsWorker: { cpuRequest: "500m", memoryRequest: "1Gi", cpuLimit: "1", memoryLimit: "2Gi" },
          cmsWorker: { cpuRequest: "500m", memoryRequest: "1Gi", cpuLimit: "1", memoryLimit: "2Gi" },
        },
      },
      'resources.lms.cpuLimit must be at least cpuRequest (2), got "1"',
      'resources.lms.memoryLimit must be at least memoryRequest (2Gi), got "1Gi"',
      'resources.cms.cpuRequest must be a CPU quantity such as "500m" or "1", got "1 cpu"',
      'resources.cms.memoryRequest must be a memory quantity such as "1536Mi" or "2Gi", got "2GB"',
    );
  });

  it("secrets Tutor would break, without printing them", () => {
    reject(
      { secrets: { mysqlPassword: "a$b`c", openedxMysqlPassword: "short", mongodbPassword: 'x"y\\', redisPassword: "p@ss:word", smtpUsername: "", smtpPassword: "line\nbreak" } },
      'secrets.mysqlPassword must not contain "$", "`": Tutor\'s MySQL init job passes it in shell double quotes; rotate the secret to a value without them (the value is not shown)',
      'secrets.mongodbPassword must not contain "\\"", "\\\\": Tutor writes it into a Python string literal; rotate the secret to a value without them (the value is not shown)',
      'secrets.redisPassword must not contain "@", ":": Tutor writes it unescaped into redis:// URLs; rotate the secret to a value without them (the value is not shown)',
      "secrets.smtpUsername must be a non-empty string",
      "secrets.smtpPassword must not contain a control character: Tutor writes it into a Python string literal; rotate the secret to a value without them (the value is not shown)",
      "secrets.openedxMysqlPassword must be at least 16 letters and digits: Tutor's init job puts it unescaped into shell and SQL quotes (the value is not shown)",
    );
  });
});
