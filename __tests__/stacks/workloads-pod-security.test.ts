import { synthWorkloads } from "../support/workloads";
import { resourcesOf } from "../support/synth";

/** The pod security settings the app relies on, per environment: no API token in the pod, no root, no privilege. */
describe.each(["dev", "staging", "prod"] as const)("the application's pods in %s", (env) => {
  const json = synthWorkloads(env);
  const [deployment] = Object.values(resourcesOf(json, "kubernetes_deployment_v1"));
  const pod = deployment.spec.template.spec;
  // The pod names its account by reference: `${kubernetes_service_account_v1.<id>.metadata[0].name}`.
  const [serviceAccount] = Object.entries(json.resource!.kubernetes_service_account_v1)
    .filter(([id]) => String(pod.service_account_name).includes(`kubernetes_service_account_v1.${id}.`))
    .map(([, account]) => account);

  it("do not mount a Kubernetes API token, on the pod or through its service account", () => {
    expect(pod.automount_service_account_token).toBe(false);
    expect(serviceAccount.automount_service_account_token).toBe(false);
  });

  it("run as a non-root user with the runtime's default seccomp profile", () => {
    expect(pod.security_context).toMatchObject({ run_as_non_root: true, seccomp_profile: { type: "RuntimeDefault" } });
    expect(Number(pod.security_context.run_as_user)).toBeGreaterThan(0);
  });

  it("run every container unprivileged, read-only, without escalation and without capabilities", () => {
    for (const container of pod.container) {
      expect(container.security_context).toMatchObject({
        run_as_non_root: true,
        privileged: false,
        allow_privilege_escalation: false,
        read_only_root_filesystem: true,
        capabilities: { drop: ["ALL"] },
      });
      expect(container.security_context.capabilities.add).toBeUndefined();
    }
  });
});
