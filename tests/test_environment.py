"""The environment is exactly the lock, camel-tools works without torch, the kernel is ours."""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.version import Version

from analysis.config.paths import REPO_ROOT
from analysis.pipeline.stages import KERNEL_NAME

LOCK = REPO_ROOT / "requirements" / "lock.txt"


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = str(Version(version))
    return pins


def test_lock_pins_every_line_exactly_without_local_versions() -> None:
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9._-]+==[0-9][0-9A-Za-z.]*", line), line


def test_direct_pins_are_in_the_lock_at_the_same_version() -> None:
    pins = lock_pins()
    for line in (REPO_ROOT / "requirements" / "requirements.in").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            assert pins[re.sub(r"[-_.]+", "-", name).lower()] == str(Version(version)), line


def test_installed_packages_are_exactly_the_lock() -> None:
    installed = {
        re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower(): str(Version(dist.version))
        for dist in metadata.distributions()
    }
    installed.pop("pip", None)
    installed.pop("tiktok-framing", None)
    assert installed == lock_pins()


def test_matplotlib_is_311_and_shapes_arabic_itself() -> None:
    import matplotlib
    import matplotlib.ft2font

    assert matplotlib.__version__.startswith("3.11.")
    assert hasattr(matplotlib.ft2font, "__libraqm_version__")


@pytest.mark.parametrize(
    "module",
    [
        "camel_tools.utils.normalize",
        "camel_tools.utils.dediac",
        "camel_tools.utils.charmap",
        "camel_tools.utils.charsets",
        "camel_tools.tokenizers.word",
    ],
)
def test_camel_tools_offline_parts_import_without_torch(module: str) -> None:
    importlib.import_module(module)


def test_torch_and_transformers_are_not_installed() -> None:
    assert importlib.util.find_spec("torch") is None
    assert importlib.util.find_spec("transformers") is None


def test_project_kernel_runs_this_environment() -> None:
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    assert Path(spec.resource_dir).is_relative_to(Path(sys.prefix))  # registered with --sys-prefix
    assert Path(spec.argv[0]).resolve() == Path(sys.executable).resolve()


def test_environment_yml_installs_the_same_lock() -> None:
    environment = yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "python=3.11" in environment["dependencies"]
    pip_section = next(item for item in environment["dependencies"] if isinstance(item, dict))["pip"]
    assert pip_section == ["--no-deps", "-r requirements/lock.txt"]


def test_dvc_analytics_are_off() -> None:
    config = (REPO_ROOT / ".dvc" / "config").read_text(encoding="utf-8")
    assert re.search(r"analytics\s*=\s*false", config)


def test_kernel_logs_only_critical_messages() -> None:
    config = Path(sys.prefix) / "etc" / "ipython" / "ipython_kernel_config.py"
    assert 'c.IPKernelApp.log_level = "CRITICAL"' in config.read_text(encoding="utf-8")
