"""export-pack and copy-register: confidential PDF documents without a screen.

    lipanel-admin export-pack DB --user NAME (--meeting ID | --referral REF | --review ID | --agency NAME | --board)
        [--document KIND] [--profile panel|anonymised|publication] [--encrypt]
        [--recipient NAME ...] [--force] --out FILE.pdf

Standard input: the user's password on the first line; with --encrypt, the PDF's
password on the next. With recipients, one numbered copy per recipient is written beside
FILE (FILE-copy-03-of-12.pdf) and entered in the copy register. Every export is audited.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lipanel_desktop.commands.context import CommandContext, add_database_argument, add_user_argument
from lipanel_desktop.errors import KnownError
from lipanel_desktop.vocabulary.documents import DOCUMENTS_FOR, DocumentKind, OutputAction, RedactionProfile, Target


def copy_path(out: Path, number: int, total: int) -> Path:
    """Numbered copies are named by number only: file names never carry record content."""
    width = len(str(total))
    return out.with_name(f"{out.stem}-copy-{number:0{width}d}-of-{total}{out.suffix}")


def _target(args: argparse.Namespace) -> tuple[Target, str]:
    for target, value in ((Target.MEETING, args.meeting), (Target.REFERRAL, args.referral), (Target.REVIEW, args.review),
                          (Target.AGENCY, args.agency)):
        if value is not None:
            if not value.strip():
                raise KnownError(f"--{target.value} needs a reference or a number.")
            return target, value.strip()
    return Target.BOARD, ""


def _check_out(out: Path, force: bool, paths: list[Path]) -> None:
    if out.suffix.lower() != ".pdf":
        raise KnownError(f"The output file must end in .pdf (got {out.name!r}). Nothing was written.")
    if not out.parent.is_dir():
        raise KnownError(f"The folder {out.parent} does not exist. Nothing was written.")
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        raise KnownError(f"{existing[0]} already exists: give --force to replace it. Nothing was written.")


def _export(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lipanel_desktop import printing
    from lipanel_desktop.services.documents.service import DocumentRequest, DocumentService, check_recipients
    from lipanel_desktop.storage.atomic_file import replace_atomically

    target, key = _target(args)
    kind = args.document or DOCUMENTS_FOR[target][0].value
    request = DocumentRequest.parse(kind, target.value, key, args.profile)
    recipients = check_recipients(args.recipient or [])
    out = Path(args.out)
    paths = [copy_path(out, n, len(recipients)) for n in range(1, len(recipients) + 1)] if recipients else [out]
    _check_out(out, args.force, paths)

    with ctx.open(args.database, args.user) as store:
        password = ctx.passwords.new_password("Password for the PDF") if args.encrypt else None
        service = DocumentService(store)
        data = service.gather(request)
        copies = service.produce(data, printing.renderer(), recipients=recipients, password=password)
        for path, copy in zip(paths, copies):
            try:
                replace_atomically(path, copy.pdf)
            except OSError as error:
                raise KnownError(f"Could not write {path}: {error.strerror or error}. Check the folder and the disk.") from None
        service.record(request, data, OutputAction.EXPORT, copies, encrypted=password is not None)
    profile = request.profile.label
    for path, copy in zip(paths, copies):
        what = f" ({copy.label})" if copy.number else ""
        ctx.say(f"Wrote {path}{what}: {request.kind.label}, {profile}{', encrypted (AES-256)' if password else ''}.")
    if recipients:
        ctx.say(f"{len(copies)} numbered copies entered in the copy register.")
    return 0


def _register(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lipanel_desktop.services.documents.service import DocumentService

    with ctx.open(args.database, args.user) as store:
        rows = DocumentService(store).register(args.reference)
    if not rows:
        ctx.say("No numbered copies have been issued" + (f" of {args.reference}." if args.reference else "."))
        return 0
    ctx.say("Issued\tBy\tDocument\tReference\tProfile\tCopy\tRecipient")
    for r in rows:
        ctx.say("\t".join((r.issued_at, r.issued_by, r.document_kind, r.document_reference, r.profile, r.copy, r.recipient)))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    kinds = ", ".join(k.value for k in DocumentKind)
    p = sub.add_parser(
        "export-pack",
        help="write a confidential PDF document (Form A, meeting pack, chronology, ...)",
        description="Write a PDF document. Standard input: your password, then (with --encrypt) the PDF's "
        f"password. Documents: {kinds}. Every export is audited.",
    )
    add_database_argument(p)
    add_user_argument(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--meeting", metavar="ID", help="a meeting's number or reference (meeting pack)")
    which.add_argument("--referral", metavar="REF", help="a referral's reference (Form A, subject access pack)")
    which.add_argument("--review", metavar="ID", help="a review's number or reference (terms of reference, "
                       "chronology, circulation pack, action plan, review report, exception and highlight reports)")
    which.add_argument("--agency", metavar="NAME", help="an agency's name or number (its action plan, to send to it)")
    which.add_argument("--board", action="store_true", help="the whole board (exception and highlight reports)")
    p.add_argument("--document", metavar="KIND", default=None, help=f"which document (default: the first for the "
                   f"record). One of: {kinds}")
    p.add_argument("--profile", default=RedactionProfile.PANEL.value, metavar="PROFILE",
                   help="panel (default), anonymised or publication")
    p.add_argument("--encrypt", action="store_true", help="protect the PDF with a password (AES-256), read from the "
                   "next line of standard input")
    p.add_argument("--recipient", action="append", metavar="NAME",
                   help="make a numbered copy for this recipient (repeat for each); entered in the copy register")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    p.set_defaults(run=_export)

    r = sub.add_parser("copy-register", help="list the numbered copies of documents issued, and to whom",
                       description="List the register of numbered document copies, newest first.")
    add_database_argument(r)
    add_user_argument(r)
    r.add_argument("--reference", default=None, metavar="REF", help="only copies of this document")
    r.set_defaults(run=_register)
