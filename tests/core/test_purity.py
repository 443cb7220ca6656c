"""The core must never import Textual or Rich: the CLI starts fast and the core is UI-free."""

import subprocess
import sys


def test_importing_the_core_and_cli_pulls_in_neither_textual_nor_rich() -> None:
    code = (
        "import sys, pkgutil, importlib, reader.core, reader.cli\n"
        "for m in pkgutil.iter_modules(reader.core.__path__):\n"
        "    importlib.import_module('reader.core.' + m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in {'textual', 'rich'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
