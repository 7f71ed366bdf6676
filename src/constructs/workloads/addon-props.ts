import type { ITerraformDependable } from "cdktf";
import type { ChartSource } from "../../config";

/** What every cluster add-on release takes. */
export interface AddonProps {
  /** Repository and exact chart version. */
  readonly chart: ChartSource;
  /** Releases to install first. Default: none. */
  readonly dependsOn?: ITerraformDependable[];
}
