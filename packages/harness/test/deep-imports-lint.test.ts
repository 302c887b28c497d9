import * as path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { findRepoRoot } from "../src/stack-discovery";

describe("the deep-import lint rule", () => {
  const eslint = new ESLint({ cwd: findRepoRoot(__dirname) });
  const lint = async (code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(findRepoRoot(__dirname), "packages/constructs/src/example.ts") });
    return result.messages.filter((message) => message.ruleId === "no-restricted-imports").map((message) => message.message);
  };

  it("fails on an import from a provider package root", async () => {
    expect(await lint('import { Vpc } from "@cdktf/provider-aws";\nexport const vpc = Vpc;\n')).toEqual([
      "'@cdktf/provider-aws' import is restricted from being used. import provider classes by deep path, e.g. \"@cdktf/provider-aws/lib/<resource>\", never the package root",
    ]);
    expect(await lint('import { Release } from "@cdktf/provider-helm";\nexport const release = Release;\n')).toHaveLength(1);
  });

  it("passes a deep import", async () => {
    expect(await lint('import { Vpc } from "@cdktf/provider-aws/lib/vpc";\nexport const vpc = Vpc;\n')).toEqual([]);
  });
});
