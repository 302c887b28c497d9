import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Construct } from "constructs";

/** The issuer of GitHub Actions' OIDC tokens, without the scheme, as IAM condition keys name it. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** The audience `aws-actions/configure-aws-credentials` requests, and the only one the provider accepts. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/** Props of a {@link GitHubOidcProvider}. */
export interface GitHubOidcProviderProps {
  /**
   * Tags of the provider, on top of the stack's default tags.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The IAM OpenID Connect provider for GitHub Actions (`https://token.actions.githubusercontent.com`,
 * audience `sts.amazonaws.com`), which lets workflows assume roles with short-lived tokens instead
 * of a stored access key. An account has at most one provider per URL, so create it once per
 * account. No thumbprint is pinned: AWS verifies GitHub's certificate against its own trusted root
 * authorities, and a pinned thumbprint would break at GitHub's next certificate change.
 *
 * @resource aws_iam_openid_connect_provider
 */
export class GitHubOidcProvider extends Construct {
  /** The provider ARN, the `Federated` principal of the CI roles' trust policies. @attribute */
  readonly providerArn: string;
  /** The underlying resource. */
  readonly resource: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: GitHubOidcProviderProps = {}) {
    super(scope, id);
    this.resource = new IamOpenidConnectProvider(this, "Resource", {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
      ...(props.tags && Object.keys(props.tags).length > 0 ? { tags: { ...props.tags } } : {}),
    });
    this.providerArn = this.resource.arn;
  }
}
