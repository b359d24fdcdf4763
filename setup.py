# SPDX-License-Identifier: Apache-2.0
"""Builds the extension module vnsearch._vnsearch with CMake (the project's own build), for
`pip wheel . --no-build-isolation` / `pip install . --no-build-isolation`. Metadata is in
pyproject.toml; the version is the CMake project's."""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


def project_version() -> str:
    cmake = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    found = re.search(r"project\(vnsearch VERSION ([0-9.]+)", cmake)
    if not found:
        raise RuntimeError("no project version in CMakeLists.txt")
    return found.group(1)


class CMakeExtension(Extension):
    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        # VNSEARCH_BUILD_DIR: reuse a configured Release build folder (CI builds the wheel from
        # the tree it has just tested); by default a folder of the library and module alone.
        reuse = os.environ.get("VNSEARCH_BUILD_DIR")
        build = pathlib.Path(reuse or pathlib.Path(self.build_temp) / "cmake").resolve()
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build),
            "-DCMAKE_BUILD_TYPE=Release",
            "-DVNSEARCH_BUILD_PYTHON=ON",
            f"-DPython3_EXECUTABLE={sys.executable}",
        ]
        if not reuse:
            configure += ["-DVNSEARCH_BUILD_CLI=OFF", "-DVNSEARCH_BUILD_TESTS=OFF",
                          "-DVNSEARCH_INSTALL=OFF"]
        if shutil.which("ccache"):
            configure.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        subprocess.run(configure, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 1))
        subprocess.run(
            ["cmake", "--build", str(build), "--target", "vnsearch_python", "-j", jobs],
            check=True,
        )
        built = next((build / "python" / "vnsearch").glob("_vnsearch*.so"))
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(
    version=project_version(),
    ext_modules=[CMakeExtension("vnsearch._vnsearch")],
    cmdclass={"build_ext": CMakeBuild},
)
