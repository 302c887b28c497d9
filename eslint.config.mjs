// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const providerPackages = ["aws", "helm", "kubernetes", "random", "tls", "null", "time"].map((name) => `@cdktf/provider-${name}`);

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/cdktf.out/**", "**/.tf-scratch/**", "**/coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      // The provider packages' root index eagerly loads every resource binding: a small stack took
      // 12 s and 674 MiB to synthesize that way, 2.4 s and 107 MiB with deep imports.
      "no-restricted-imports": [
        "error",
        {
          paths: providerPackages.map((name) => ({
            name,
            message: `import provider classes by deep path, e.g. "${name}/lib/<resource>", never the package root`,
          })),
        },
      ],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-definitions": "off",
    },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", process: "readonly", module: "writable", __dirname: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
