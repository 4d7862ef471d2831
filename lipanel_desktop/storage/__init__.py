"""Encrypted storage: the SQLCipher engine, key slots, migrations, audit, backup, verify.

Imports no Qt. Nothing here writes a record's content anywhere but the encrypted file.
"""
