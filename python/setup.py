"""Builds libRestockC with SwiftPM and bundles it into the package.

`pip install ./python` (from the repository) runs `swift build -c release --product RestockC` in the
repository root and copies the library into restock/_lib/. RESTOCK_SWIFT_CONFIGURATION=debug builds
a debug library instead (faster to build, ~90x slower to simulate: for tests only).
"""
import os
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent


class BuildSwiftLibrary(build_py):
    def run(self):
        configuration = os.environ.get("RESTOCK_SWIFT_CONFIGURATION", "release")
        if configuration not in ("release", "debug"):
            raise SystemExit(f"RESTOCK_SWIFT_CONFIGURATION must be release or debug, got {configuration}")
        if not (REPOSITORY / "Package.swift").exists():
            raise SystemExit(f"Package.swift not found in {REPOSITORY}: install from the Restock repository (pip install ./python).")
        subprocess.run(["swift", "build", "-c", configuration, "--product", "RestockC", "--package-path", str(REPOSITORY)], check=True)
        built = subprocess.run(["swift", "build", "-c", configuration, "--show-bin-path", "--package-path", str(REPOSITORY)],
                               check=True, capture_output=True, text=True).stdout.strip()
        library = Path(built) / "libRestockC.so"
        target = HERE / "restock" / "_lib"
        target.mkdir(exist_ok=True)
        shutil.copy2(library, target / "libRestockC.so")
        super().run()


class BinaryDistribution(Distribution):
    """The wheel carries a native library: tag it for this platform."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildSwiftLibrary}, distclass=BinaryDistribution)
