import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Construct } from "constructs";

/** The annotation that makes a StorageClass the one PersistentVolumeClaims without a class get. */
export const DEFAULT_STORAGE_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

export interface EncryptedStorageClassProps {
  /** The cluster layer's volume key (`volume_kms_key_arn`), which the EBS CSI driver's role may use. */
  readonly kmsKeyArn: string;
  /** Default: `gp3-encrypted`. */
  readonly name?: string;
}

/**
 * The cluster's default StorageClass: EBS gp3 through the EBS CSI driver,
 * encrypted with the cluster's volume key, created only once a pod is
 * scheduled (`WaitForFirstConsumer`, so the volume lands in the pod's zone),
 * expandable. Volumes are deleted with their claim: what must outlive a claim
 * belongs in the data layer, not on a cluster volume.
 */
export class EncryptedStorageClass extends Construct {
  readonly storageClass: StorageClassV1;
  /** The class name as a literal, so chart values stay readable; depend on `storageClass` for ordering. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: EncryptedStorageClassProps) {
    super(scope, id);
    this.name = props.name ?? "gp3-encrypted";
    this.storageClass = new StorageClassV1(this, "storage-class", {
      metadata: {
        name: this.name,
        annotations: { [DEFAULT_STORAGE_CLASS_ANNOTATION]: "true" },
      },
      storageProvisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true", kmsKeyId: props.kmsKeyArn, "csi.storage.k8s.io/fstype": "ext4" },
      volumeBindingMode: "WaitForFirstConsumer",
      reclaimPolicy: "Delete",
      allowVolumeExpansion: true,
    });
  }
}
