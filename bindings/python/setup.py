"""Builds the extension module polyalign._core with the project's CMake
(bindings/CMakeLists.txt, target polyalign_python) for the interpreter that
runs pip, and packages it with polyalign/*.py. Everything comes from the
machine: no download, so `pip install --no-build-isolation` works offline.

    POLYALIGN_CMAKE_BUILD_DIR=DIR   reuse an existing, configured build
                                    directory (absolute path, e.g.
                                    $PWD/build) instead of
                                    configuring one of its own: only the
                                    target is built there (fast when it is).
    CMAKE_BUILD_PARALLEL_LEVEL=N    compile jobs (default: the CPU count).
"""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parents[2]  # the repository (top-level CMakeLists.txt)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        existing = os.environ.get("POLYALIGN_CMAKE_BUILD_DIR")
        if existing:
            if not os.path.isabs(existing):
                sys.exit(f"POLYALIGN_CMAKE_BUILD_DIR={existing}: give an absolute path (pip runs "
                         "this from a directory of its choice)")
            build_dir = Path(existing)
            if not (build_dir / "CMakeCache.txt").exists():
                sys.exit(f"POLYALIGN_CMAKE_BUILD_DIR={existing}: not a configured CMake build "
                         "directory (no CMakeCache.txt)")
        else:
            build_dir = Path(self.build_temp).resolve() / "cmake"
            self._run(["cmake", "-S", str(ROOT), "-B", str(build_dir),
                       "-DCMAKE_BUILD_TYPE=Release", "-DPOLYALIGN_BUILD_PYTHON=ON",
                       "-DPOLYALIGN_BUILD_TESTS=OFF", "-DPOLYALIGN_BUILD_BENCHMARKS=OFF",
                       "-DPOLYALIGN_BUILD_CLI=OFF", f"-DPython3_EXECUTABLE={sys.executable}"])
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        self._run(["cmake", "--build", str(build_dir), "--target", "polyalign_python",
                   "-j", jobs])
        name = "_core" + sysconfig.get_config_var("EXT_SUFFIX")
        built = build_dir / "python" / "polyalign" / name
        if not built.exists():
            sys.exit(f"{built}: not built; the build directory may be for another Python "
                     f"than {sys.executable} (Python3_EXECUTABLE in its CMakeCache.txt)")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)

    @staticmethod
    def _run(cmd):
        print("+", " ".join(cmd), flush=True)
        subprocess.run(cmd, check=True)


setup(packages=["polyalign"],
      package_data={"polyalign": ["py.typed", "*.pyi"]},  # type stubs (PEP 561)
      ext_modules=[Extension("polyalign._core", sources=[])],
      cmdclass={"build_ext": CMakeBuild})
