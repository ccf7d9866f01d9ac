"""deploy/kubernetes/: the manifests fit together. (The config in the ConfigMap is checked by
test_example_configs.) No cluster here: structure only."""

import os
import unittest

import yaml

import deploy_files

SERVICE = "osp.v1.ObjectStoreProvider"


def manifests():
    """kind -> manifest, for every file of the kustomization."""
    directory = deploy_files.repo_path("deploy", "kubernetes")
    with open(os.path.join(directory, "kustomization.yaml"), encoding="utf-8") as f:
        resources = yaml.safe_load(f)["resources"]
    result = {}
    for name in resources:
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            for doc in yaml.safe_load_all(f):
                result[doc["kind"]] = doc
    return result


def port_of(address):
    return int(address.rsplit(":", 1)[1])


class KubernetesTest(unittest.TestCase):
    def setUp(self):
        self.m = manifests()
        self.config = yaml.safe_load(self.m["ConfigMap"]["data"]["ospd.yaml"])
        self.pod = self.m["Deployment"]["spec"]["template"]["spec"]
        self.container = self.pod["containers"][0]

    def test_kustomization_lists_every_manifest(self):
        directory = deploy_files.repo_path("deploy", "kubernetes")
        with open(os.path.join(directory, "kustomization.yaml"), encoding="utf-8") as f:
            listed = set(yaml.safe_load(f)["resources"])
        present = {n for n in os.listdir(directory) if n.endswith(".yaml")} - {"kustomization.yaml"}
        self.assertEqual(listed, present)

    def test_grpc_probes_use_the_configured_tcp_port(self):
        ports = {p["name"]: p["containerPort"] for p in self.container["ports"]}
        self.assertEqual(ports["grpc"], port_of(self.config["listen"]["tcp"]))
        self.assertEqual(ports["metrics"], port_of(self.config["metrics"]["listen"]))
        readiness = self.container["readinessProbe"]["grpc"]
        liveness = self.container["livenessProbe"]["grpc"]
        self.assertEqual(readiness, {"port": ports["grpc"], "service": SERVICE})
        self.assertEqual(liveness, {"port": ports["grpc"], "service": ""})
        # Probes cannot speak TLS.
        self.assertNotIn("tls", self.config["listen"])

    def test_config_and_secret_files_are_mounted(self):
        mounts = {m["name"]: m["mountPath"] for m in self.container["volumeMounts"]}
        volumes = {v["name"]: v for v in self.pod["volumes"]}
        self.assertEqual(volumes["config"]["configMap"]["name"],
                         self.m["ConfigMap"]["metadata"]["name"])
        self.assertEqual(volumes["credentials"]["secret"]["secretName"],
                         self.m["Secret"]["metadata"]["name"])
        self.assertIn("/etc/ospd/ospd.yaml", self.container["args"])
        self.assertEqual(mounts["config"], "/etc/ospd/ospd.yaml")
        secret_keys = set(self.m["Secret"]["stringData"])
        used = set()
        for backend in self.config["backends"]:
            for field, value in backend[backend["type"]].items():
                if field.endswith("_file"):
                    self.assertEqual(os.path.dirname(value), mounts["credentials"], field)
                    used.add(os.path.basename(value))
        self.assertEqual(used, secret_keys)
        self.assertEqual(os.path.dirname(self.config["listen"]["unix"]), mounts["run"])

    def test_pod_is_locked_down(self):
        pod_security = self.pod["securityContext"]
        self.assertTrue(pod_security["runAsNonRoot"])
        self.assertEqual(pod_security["seccompProfile"]["type"], "RuntimeDefault")
        security = self.container["securityContext"]
        self.assertFalse(security["allowPrivilegeEscalation"])
        self.assertTrue(security["readOnlyRootFilesystem"])
        self.assertEqual(security["capabilities"]["drop"], ["ALL"])
        self.assertGreater(self.pod["terminationGracePeriodSeconds"],
                           self.config.get("shutdown_grace_seconds", 10))

    def test_service_and_network_policy_select_the_pods(self):
        labels = self.m["Deployment"]["spec"]["template"]["metadata"]["labels"]
        self.assertEqual(self.m["Service"]["spec"]["selector"], labels)
        self.assertEqual(self.m["NetworkPolicy"]["spec"]["podSelector"]["matchLabels"], labels)
        for kind in ("ConfigMap", "Secret", "Deployment", "Service", "NetworkPolicy"):
            self.assertEqual(self.m[kind]["metadata"]["namespace"],
                             self.m["Namespace"]["metadata"]["name"], kind)


if __name__ == "__main__":
    unittest.main()
