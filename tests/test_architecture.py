"""Import-linter contracts: the layers of DESIGN.md, and pure computation modules without Django.

The layers contract is in ``pyproject.toml``. The list of pure modules is not kept by hand: it
follows from a naming convention, so a new module is covered the moment it is created. Every
module is pure unless its own name (or a package it is in) is one of ``DJANGO_NAMES``.
"""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "samenspel"

DJANGO_NAMES = {
    "models",
    "views",
    "forms",
    "admin",
    "apps",
    "urls",
    "services",
    "web",
    "loading",
    "commands",
    "tasks",
    "migrations",
    "templatetags",
    "context_processors",
    "config",
    "cli",
    "permissions",
}


def module_names() -> list[str]:
    """Every module file of the package (a package's ``__init__`` would stand for the whole
    package in a contract, so packages are left out; theirs only hold docstrings)."""
    return [
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "__init__.py"
    ]


def is_web_layer(module: str) -> bool:
    parts = module.split(".")[1:]
    return any(p in DJANGO_NAMES or p.startswith(("views_", "commands_")) for p in parts)


def pure_modules() -> list[str]:
    return [m for m in module_names() if m != "samenspel" and not is_web_layer(m)]


def lint(config: Path) -> subprocess.CompletedProcess:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint_imports), str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def write_config(tmp_path: Path, contracts: list[dict]) -> Path:
    lines = [
        "[importlinter]",
        "root_package = samenspel",
        "include_external_packages = True",
        "exclude_type_checking_imports = True",
        "",
    ]
    for i, c in enumerate(contracts):
        lines.append(f"[importlinter:contract:{i}]")
        for key, value in c.items():
            if isinstance(value, list):
                lines.append(f"{key} =")
                lines += [f"    {v}" for v in value]
            else:
                lines.append(f"{key} = {value}")
        lines.append("")
    path = tmp_path / "importlinter.ini"
    path.write_text("\n".join(lines))
    return path


def test_naming_convention_classifies_known_modules():
    pure = set(pure_modules())
    assert "samenspel.funding.games" in pure
    assert "samenspel.partnerships.rules" in pure
    assert "samenspel.atlas.bundle" in pure
    assert "samenspel.atlas.services" not in pure
    assert "samenspel.funding.views" not in pure
    assert "samenspel.core.migrations.0001_initial" not in pure


def test_pure_modules_do_not_import_django(tmp_path):
    config = write_config(
        tmp_path,
        [
            {
                "name": "Rekenmodules importeren geen Django",
                "type": "forbidden",
                "source_modules": pure_modules(),
                "forbidden_modules": ["django"],
            }
        ],
    )
    result = lint(config)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Rekenmodules importeren geen Django KEPT" in result.stdout


def test_the_convention_catches_a_new_module_that_imports_django(tmp_path):
    """A pure module that imports Django breaks the contract without editing any list."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "Rekenmodules" not in str(pyproject["tool"]["importlinter"]), "no hand-kept list"
    assert not is_web_layer("samenspel.funding.nieuwe_rekenmodule")
    assert is_web_layer("samenspel.funding.views_extra")


def test_layers_contract_is_kept():
    result = lint(ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Lagen: elke laag gebruikt alleen de lagen eronder KEPT" in result.stdout
