"""Every test session gets a result store of its own, so no test sees another run's results.

Set before any app module is imported: ``components.engine.store`` reads it at import, and the
servers the browser tests start inherit it.
"""

import os
import tempfile

os.environ["PARAMLAB_STORE_DIR"] = tempfile.mkdtemp(prefix="paramlab-test-store-")
