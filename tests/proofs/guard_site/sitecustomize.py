"""Installs the no-network guard in every Python process the test suite starts (this
folder is put on PYTHONPATH by `tests/proofs/network_guard.py`)."""

import lipanel_network_guard

lipanel_network_guard.install_from_environment()
