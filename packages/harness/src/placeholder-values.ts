import { randomUUID } from "node:crypto";

/**
 * Placeholder values for a producer stack's outputs, used when a consumer stack is planned offline
 * against a fake remote state. The value only has to survive what Terraform checks at plan time in
 * the consumer (ARN syntax, KMS key ARNs ending in a v4 UUID, list-ness), so the rules look at the
 * output's expression (`${aws_kms_key.logs.arn}`) rather than trying to model AWS.
 */
export interface PlaceholderContext {
  /** Region of the producer's default AWS provider. */
  readonly region: string;
  /** First allowed account id of the producer's default AWS provider. */
  readonly accountId: string;
  /** Injected so tests can pin the UUIDs; real runs want fresh ones. */
  readonly newUuid?: () => string;
}

/** Terraform's JSON encoding of a cty type, as stored next to each output in a state file. */
export type OutputType = string | readonly unknown[];

export interface PlaceholderValue {
  readonly value: unknown;
  readonly type: OutputType;
}

/** How many elements a list placeholder gets: three, like the usual count of availability zones. */
export const PLACEHOLDER_LIST_LENGTH = 3;

export const DEFAULT_ACCOUNT_ID = "123456789012";
export const DEFAULT_REGION = "us-east-1";

interface Reference {
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
}

const REFERENCE = /(?:data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)((?:\[[^\]]*\]|\.[A-Za-z0-9_*-]+)*)/g;
const LIST_FUNCTIONS = /^(tolist|toset|concat|flatten|compact|distinct|sort|slice)\(/;

// Services whose name in an ARN differs from the word after `aws_` in the resource type.
const SERVICE_BY_TYPE_PREFIX: readonly (readonly [string, string])[] = [
  ["aws_cloudwatch_log_", "logs"],
  ["aws_cloudwatch_event_", "events"],
  ["aws_lb", "elasticloadbalancing"],
  ["aws_alb", "elasticloadbalancing"],
  ["aws_db_", "rds"],
  ["aws_efs_", "elasticfilesystem"],
  ["aws_opensearch_", "es"],
  ["aws_vpc", "ec2"],
  ["aws_subnet", "ec2"],
  ["aws_security_group", "ec2"],
  ["aws_instance", "ec2"],
  ["aws_launch_template", "ec2"],
  ["aws_sfn_", "states"],
];

// Real id prefixes for EC2-style resources, so ids look like what consumers are used to.
const ID_PREFIX_BY_TYPE: Readonly<Record<string, string>> = {
  aws_vpc: "vpc",
  aws_subnet: "subnet",
  aws_security_group: "sg",
  aws_internet_gateway: "igw",
  aws_nat_gateway: "nat",
  aws_route_table: "rtb",
  aws_eip: "eipalloc",
  aws_vpc_endpoint: "vpce",
  aws_instance: "i",
  aws_launch_template: "lt",
  aws_network_interface: "eni",
};

// ARNs of these services carry no region (IAM) or neither region nor account (S3, Route 53).
const GLOBAL_SERVICES = new Set(["iam", "s3", "route53", "cloudfront"]);
const ACCOUNTLESS_SERVICES = new Set(["s3", "route53"]);

/** A placeholder for one output `value` of a synthesized stack. */
export function placeholderFor(expression: unknown, context: PlaceholderContext): PlaceholderValue {
  if (Array.isArray(expression)) {
    const values = expression.map((element: unknown, index) => placeholderString(element, context, index + 1));
    return { value: values, type: ["list", "string"] };
  }
  if (typeof expression === "number") return { value: expression, type: "number" };
  if (typeof expression === "boolean") return { value: expression, type: "bool" };
  if (typeof expression !== "string") return { value: "placeholder", type: "string" };

  const inner = /^\$\{([\s\S]*)\}$/.exec(expression)?.[1];
  // A literal string is its own value; an interpolation inside text cannot be guessed.
  if (inner === undefined) return { value: expression.includes("${") ? "placeholder" : expression, type: "string" };
  const references = parseReferences(inner);
  const [first] = references;

  if (isListExpression(inner)) {
    const values =
      isSplat(inner) || references.length <= 1
        ? range(PLACEHOLDER_LIST_LENGTH).map((index) => referencePlaceholder(first, context, index))
        : references.map((reference, index) => referencePlaceholder(reference, context, index + 1));
    return { value: values, type: ["list", "string"] };
  }
  const element = first === undefined ? undefined : listElement(first);
  if (element !== undefined) {
    const values = range(PLACEHOLDER_LIST_LENGTH).map((index) => referencePlaceholder(element, context, index));
    return { value: values, type: ["list", "string"] };
  }
  return { value: referencePlaceholder(first, context), type: "string" };
}

/** The placeholder for a reference like `${aws_iam_role.node.arn}`; `index` tells list elements apart. */
export function placeholderString(expression: unknown, context: PlaceholderContext, index?: number): string {
  if (typeof expression !== "string") return withIndex("placeholder", index);
  const inner = /^\$\{([\s\S]*)\}$/.exec(expression)?.[1];
  if (inner === undefined) return expression.includes("${") ? withIndex("placeholder", index) : expression;
  return referencePlaceholder(parseReferences(inner)[0], context, index);
}

function referencePlaceholder(reference: Reference | undefined, context: PlaceholderContext, index?: number): string {
  if (reference === undefined) return withIndex("placeholder", index);
  const { type, attribute } = reference;
  const newUuid = context.newUuid ?? randomUUID;

  if (attribute === "arn" || attribute.endsWith("_arn")) return arnFor(reference, context, newUuid, index);
  if (type === "aws_kms_key" && (attribute === "id" || attribute === "key_id")) return newUuid();
  // The resource name keeps ids of sibling resources apart, as a set of ids would otherwise collapse.
  if (attribute === "id") return withIndex(`${idPrefix(type)}-placeholder-${kebab(reference.name)}`, index);
  return withIndex(`placeholder-${attribute.replace(/_/g, "-")}`, index);
}

function arnFor(reference: Reference, context: PlaceholderContext, newUuid: () => string, index?: number): string {
  const { type, name, attribute } = reference;
  const account = context.accountId;
  if (type === "aws_kms_key" && attribute === "arn") {
    return `arn:aws:kms:${context.region}:${account}:key/${newUuid()}`;
  }
  // A `role_arn` attribute on any resource (EKS cluster, node group) points at an IAM role.
  if (type === "aws_iam_role" || attribute.endsWith("role_arn")) {
    return withIndex(`arn:aws:iam::${account}:role/placeholder-${name}`, index);
  }
  const service = serviceOf(type);
  const region = GLOBAL_SERVICES.has(service) ? "" : context.region;
  const accountPart = ACCOUNTLESS_SERVICES.has(service) ? "" : account;
  if (service === "s3") return withIndex(`arn:aws:s3:::placeholder-${kebab(name)}`, index);
  return withIndex(`arn:aws:${service}:${region}:${accountPart}:${typeSuffix(type)}/placeholder`, index);
}

/**
 * List-valued attributes such as `aws_subnets.ids` or `subnet_ids` have no splat in their expression;
 * the reference to one element is the singular type and attribute (`aws_subnet`, `id`).
 */
function listElement(reference: Reference): Reference | undefined {
  const match = /^(?:(.+)_)?(id|arn)s$/.exec(reference.attribute);
  if (match === null) return undefined;
  const [, owner, attribute] = match;
  const type = owner === undefined ? reference.type.replace(/s$/, "") : `aws_${owner}`;
  return { type, name: reference.name, attribute: attribute ?? "id" };
}

function serviceOf(type: string): string {
  const known = SERVICE_BY_TYPE_PREFIX.find(([prefix]) => type.startsWith(prefix));
  return known?.[1] ?? firstWord(type);
}

/** `aws_cloudwatch_log_group` → `log-group`; `aws_vpc` → `vpc`. */
function typeSuffix(type: string): string {
  const words = type.replace(/^aws_/, "").split("_");
  const rest = words.slice(1);
  return (rest.length > 0 ? rest : words).join("-");
}

function idPrefix(type: string): string {
  return ID_PREFIX_BY_TYPE[type] ?? type.replace(/^aws_/, "").replace(/_/g, "-");
}

function firstWord(type: string): string {
  return type.replace(/^aws_/, "").split("_")[0] ?? type;
}

function parseReferences(inner: string): Reference[] {
  const references: Reference[] = [];
  for (const match of inner.matchAll(REFERENCE)) {
    const [, type, name, path] = match;
    // `var.x`, `local.x`, `each.value` and function names are not resource references.
    if (type === undefined || name === undefined || !type.includes("_")) continue;
    const attribute = /([A-Za-z0-9_-]+)(?:\[[^\]]*\])*$/.exec(path ?? "")?.[1];
    references.push({ type, name, attribute: attribute ?? "id" });
  }
  return references;
}

function isListExpression(inner: string): boolean {
  const trimmed = inner.trim();
  return trimmed.startsWith("[") || isSplat(trimmed) || LIST_FUNCTIONS.test(trimmed);
}

function isSplat(inner: string): boolean {
  return inner.includes("[*]") || inner.includes(".*");
}

function withIndex(value: string, index: number | undefined): string {
  return index === undefined ? value : `${value}-${index}`;
}

function kebab(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
}

function range(length: number): number[] {
  return Array.from({ length }, (_, index) => index + 1);
}
