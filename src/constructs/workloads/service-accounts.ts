/**
 * Where each controller's service account lives: defined once, next to the
 * cluster layer's IRSA roles that trust exactly these, so the Helm releases of
 * this layer cannot drift from the roles' trust policies.
 */
export { CONTROLLER_SERVICE_ACCOUNTS } from "../eks/controller-roles";
