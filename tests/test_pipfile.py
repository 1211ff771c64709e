"""The Pipfile Community Cloud installs: requirements.txt's pins, with torch's CPU build."""

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import ROOT

CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def requirement_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            pins[canonicalize_name(req.name)] = str(req.specifier)
    return pins


def pipfile() -> dict:
    return tomllib.loads((ROOT / "Pipfile").read_text())


def pipfile_pins() -> dict[str, str]:
    pins = {}
    for name, spec in pipfile()["packages"].items():
        pins[canonicalize_name(name)] = spec if isinstance(spec, str) else spec["version"]
    return pins


def test_requirements_pin_every_package_exactly():
    pins = requirement_pins()
    assert "torch" in pins and "streamlit" in pins
    assert all(re.fullmatch(r"==[0-9][0-9.]*", spec) for spec in pins.values()), pins


def test_the_pipfile_pins_what_requirements_pins():
    ours, theirs = pipfile_pins(), requirement_pins()
    assert ours.keys() == theirs.keys()
    for name, spec in theirs.items():
        if name == "torch":
            assert Version(ours[name].removeprefix("==")).public == spec.removeprefix("==")
        else:
            assert ours[name] == spec, name


def test_torch_is_the_cpu_build_from_pytorchs_cpu_index():
    p = pipfile()
    torch = p["packages"]["torch"]
    assert Version(torch["version"].removeprefix("==")).local == "cpu"
    urls = {s["name"]: s["url"].rstrip("/") for s in p["source"]}
    assert urls[torch["index"]] == CPU_INDEX
    # The Dockerfile takes the same build from the same index.
    docker = (ROOT / "Dockerfile").read_text()
    assert f"--index-url {CPU_INDEX} torch{requirement_pins()['torch']}" in docker


def test_everything_but_torch_comes_from_pypi():
    p = pipfile()
    first = p["source"][0]  # pipenv resolves a package without `index` on the first source
    assert first["url"].rstrip("/") == "https://pypi.org/simple"
    for name, spec in p["packages"].items():
        if name != "torch":
            assert isinstance(spec, str) or spec.get("index", first["name"]) == first["name"], name


def test_nothing_ahead_of_the_pipfile_and_no_index_in_requirements():
    # Community Cloud takes uv.lock before a Pipfile; environment.yml comes after it, but one
    # more dependency file would only confuse. requirements.txt stays index-free: pip here
    # cannot reach download.pytorch.org and would retry it for every package.
    for name in ("uv.lock", "environment.yml", "environment.yaml"):
        assert not (ROOT / name).exists(), name
    text = (ROOT / "requirements.txt").read_text() + (ROOT / "requirements-dev.txt").read_text()
    assert not re.search(r"^\s*(-i|--index-url|--extra-index-url|--find-links)\b", text, re.M)
