"""Packaging beyond what pyproject.toml can say (everything else is there).

The top-level ``resources/`` folder (fonts, translations, icons) is installed as the package
``desk_app.resources``, so the wheel and the editable install of scripts/test and scripts/demo
carry it, and the code finds it through importlib.resources. pyproject.toml cannot combine
package discovery with a ``package-dir`` mapping for one subpackage, so both live here; the
data files each package carries are listed in pyproject.toml (``[tool.setuptools.package-data]``).
Namespace discovery, because data folders (migrations, fonts, i18n) have no ``__init__.py``.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["desk_app", "desk_app.*"]),
        "desk_app.resources",
        *(f"desk_app.resources.{name}" for name in find_namespace_packages(where="resources")
          if not name.startswith("__")),
    ],
    package_dir={"desk_app.resources": "resources"},
)
