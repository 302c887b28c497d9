import { describe, expect, it } from "vitest";
import { IMysqlDatabase, mysqlLogExports, mysqlLogParameters } from "../../../src/data/mysql/mysql-database";
import { testCluster, testInstance } from "./mysql-fixture";

/** What a consumer such as the Tutor configuration reads, whichever engine it gets. */
function connection(database: IMysqlDatabase) {
  return {
    engine: database.engine,
    port: database.port,
    user: database.masterUsername,
    hasHost: typeof database.endpoint === "string" && typeof database.readerEndpoint === "string",
    instances: database.instanceIdentifiers,
    cluster: database.clusterIdentifier !== undefined,
  };
}

describe("IMysqlDatabase", () => {
  it("is served by both engines with the same shape", () => {
    expect(connection(testInstance().database)).toEqual({
      engine: "mysql",
      port: 3306,
      user: "admin",
      hasHost: true,
      instances: ["openedx-test-mysql"],
      cluster: false,
    });
    expect(connection(testCluster().database)).toEqual({
      engine: "aurora-mysql",
      port: 3306,
      user: "admin",
      hasHost: true,
      instances: ["openedx-test-mysql-1", "openedx-test-mysql-2"],
      cluster: true,
    });
  });
});

describe("shared settings", () => {
  it("log slow queries and optionally every statement to files", () => {
    expect(mysqlLogParameters(2, false)).toEqual({ slow_query_log: "1", long_query_time: "2", log_output: "FILE", general_log: "0" });
    expect(mysqlLogParameters(0.25, true)).toMatchObject({ long_query_time: "0.25", general_log: "1" });
  });

  it("export the general log only when it is on", () => {
    expect(mysqlLogExports(false)).toEqual(["audit", "error", "slowquery"]);
    expect(mysqlLogExports(true)).toEqual(["audit", "error", "general", "slowquery"]);
  });
});
