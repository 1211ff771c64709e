"""The deployment files parse and say what a class needs: affinity, websockets, health checks."""

import yaml

from deploy.replicas import render
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"


def manifests() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text()) for p in (DEPLOY / "k8s").glob("*.yaml")}


def test_the_kubernetes_manifests_pin_a_browser_and_share_one_secret():
    m = manifests()
    assert {m[k]["kind"] for k in m} == {"Deployment", "Service", "Ingress", "Secret"}
    pod = m["deployment"]["spec"]["template"]["spec"]["containers"][0]
    secret_ref = next(e for e in pod["env"] if e["name"] == "STREAMLIT_SERVER_COOKIE_SECRET")
    assert secret_ref["valueFrom"]["secretKeyRef"]["name"] == m["secret"]["metadata"]["name"]
    assert pod["readinessProbe"]["httpGet"]["path"] == "/_stcore/health"
    notes = m["ingress"]["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    backend = m["ingress"]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == m["service"]["metadata"]["name"]


def test_compose_runs_two_replicas_with_one_secret_behind_haproxy():
    c = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    assert c["app1"]["environment"] == c["app2"]["environment"]
    assert "STREAMLIT_SERVER_COOKIE_SECRET" in c["app1"]["environment"]
    config = (DEPLOY / "haproxy-compose.cfg").read_text()
    assert "server app1 app1:8501 check cookie app1" in config
    assert "server app2 app2:8501 check cookie app2" in config


def test_the_haproxy_config_has_affinity_websockets_and_health_checks():
    config = render("127.0.0.1:9000", {"r1": 9001, "r2": 9002})
    assert "bind 127.0.0.1:9000" in config
    assert "server r1 127.0.0.1:9001 check cookie r1" in config
    for line in (
        "cookie SERVERID insert",
        "timeout tunnel",
        "option httpchk GET /_stcore/health",
        "option redispatch",
    ):
        assert line in config
    assert "{" not in config  # every placeholder filled
