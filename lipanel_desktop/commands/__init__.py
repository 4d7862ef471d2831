"""`lipanel-admin` subcommands, one module per topic. Each module has `register(subparsers)`.

Commands are thin: they read arguments and passwords, call a service, and print plain
lines. Nothing here imports Qt.
"""
