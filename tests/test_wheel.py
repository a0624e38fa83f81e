"""The wheel is real software: built from the checkout, installed into a new virtual environment in a folder outside
any checkout, it carries the model, the catalog and the founding example, and ``kg --version``, ``kg init --example``,
``kg build``, a catalog query and ``import kg; kg.open()`` work there as a user runs them.

Offline: the wheel is built without build isolation (the test extra has setuptools), and the new environment borrows
the test environment's dependencies through a path file (never the project itself: the editable install's finder is
only run from a site directory, which a path file's entry is not), so nothing is downloaded."""

from __future__ import annotations

import fnmatch
import shutil
import site
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from helpers import clean_env
from kg.config import PROJECT_ROOT

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
#: What the wheel is built from (everything else in the checkout is for developers).
SOURCES = ("pyproject.toml", "README.md", "kg", "ontology", "queries", "schema", "data/articles")


def test_every_package_and_every_model_file_is_in_the_wheel_configuration():
    packages = set(PYPROJECT["packages"])
    on_disk = {".".join(p.parent.relative_to(PROJECT_ROOT).parts) for p in (PROJECT_ROOT / "kg").rglob("__init__.py")}
    assert on_disk <= packages, f"add to pyproject.toml's packages: {sorted(on_disk - packages)}"
    mapped = PYPROJECT["package-dir"]
    assert packages - on_disk == set(mapped)  # every other package is a folder of the checkout's model files
    for package, folder in mapped.items():
        patterns = PYPROJECT["package-data"][package]
        files = [p for p in (PROJECT_ROOT / folder).iterdir() if p.is_file()]
        assert files, folder
        unmatched = [p.name for p in files if not any(fnmatch.fnmatch(p.name, pat) for pat in patterns)]
        assert not unmatched, f"{folder}: not packaged: {unmatched}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin folder of a new virtual environment holding the built wheel."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    for name in SOURCES:
        origin = PROJECT_ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(origin, source / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w",
                            str(root / "dist"), str(source)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert "warning" not in (built.stdout + built.stderr).lower(), built.stdout + built.stderr
    wheel = next((root / "dist").glob("osint_kg-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    purelib = next(venv.glob("lib/python3*/site-packages"))
    (purelib / "borrowed-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
                           "--no-deps", "--no-index", str(wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return venv / "bin"


def _run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = clean_env()
    env.pop("PYTHONPATH", None)
    done = subprocess.run([str(bin_dir / args[0]), *args[1:]], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=300)
    assert done.returncode == 0, f"{' '.join(args)}: {done.stderr}"
    assert "warning" not in done.stderr.lower(), done.stderr
    return done


def test_the_installed_wheel_works_outside_any_checkout(installed: Path, tmp_path: Path):
    home = tmp_path / "analyst"
    home.mkdir()
    where = _run(installed, "python", "-c", "import kg, kg.config; print(kg.__file__); print(kg.config.RESOURCES)",
                 cwd=home).stdout.split()
    assert all(Path(p).is_relative_to(installed.parent) for p in where), where  # the wheel's, not the checkout's
    assert _run(installed, "kg", "--version", cwd=home).stdout.strip().endswith("0.1.0")
    _run(installed, "kg", "init", "--example", "work", cwd=home)
    workspace = home / "work"
    assert (workspace / "kg.toml").is_file()
    assert (workspace / "articles" / "2022-12-20-hajun-russian-troops-south-belarus.yaml").is_file()
    built = _run(installed, "kg", "build", cwd=workspace)
    assert "6 document(s)" in built.stdout and str(workspace / ".kg" / "store") in built.stdout
    answer = _run(installed, "kg", "query", "claims_by_source", "-p", "source=Gayun", "--format", "csv",
                  cwd=workspace / "articles").stdout  # found from a folder below the workspace
    assert "Hajun" in answer and len(answer.splitlines()) > 1
    count = _run(installed, "python", "-c", "import kg; print(len(kg.open(read_only=True).query('graph_stats')))",
                 cwd=workspace).stdout
    assert int(count) > 3
