"""The C header matches the library: a C program compiled against restock.h runs against libRestockC."""
import shutil
import subprocess
from pathlib import Path

import pytest

import restock


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
def test_c_program_against_the_header(tmp_path):
    library = restock.library_path()
    header = Path(restock.__file__).parent / "restock.h"
    source = Path(__file__).parent / "c_smoke.c"
    binary = tmp_path / "c_smoke"
    subprocess.run(["cc", "-std=c99", "-Wall", "-Werror", "-I", str(header.parent), str(source), str(library),
                    f"-Wl,-rpath,{library.parent}", "-o", str(binary)], check=True)
    run = subprocess.run([str(binary)], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.strip() == "ok", (run.returncode, run.stdout)
