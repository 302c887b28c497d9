import { SynthesizedResource } from "../../policy-pack";
import { isSet } from "./terraform-values";

/**
 * Whether `resource` is an RDS read replica (`aws_db_instance` with `replicate_source_db`). A replica
 * takes its encryption, master password and backups from its source, and RDS refuses a final
 * snapshot of it, so the rules about those apply to the source instead.
 */
export function isReadReplica(resource: SynthesizedResource): boolean {
  return resource.type === "aws_db_instance" && isSet(resource.config.replicate_source_db);
}
