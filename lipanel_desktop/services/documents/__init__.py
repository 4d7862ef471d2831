"""Printed documents' data: one module per document (read-only queries returning plain,
display-ready dataclasses), the redaction profiles, and `DocumentService`, the door
through which screens and commands make, record and register documents."""
