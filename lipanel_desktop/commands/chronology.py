"""import-chronology: an agency's chronology file into a review, from a script.

Every problem in the file is printed on its own line (`row 12, column A (Date): ...`),
then one summary line, and the exit status is 2; nothing is imported unless every row
is valid, or `--valid-rows-only` is given with a file for the rejected rows. An agency's
earlier import is replaced only with `--replace`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lipanel_desktop.commands.context import CommandContext, add_database_argument, add_user_argument
from lipanel_desktop.errors import KnownError


def _import(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lipanel_desktop.services.chronology.importer import ImportRefused, ReplaceNeeded, commit_import, preview_import
    from lipanel_desktop.services.chronology.review_context import find_agency, find_review_id

    if args.valid_rows_only and args.rejected_to is None:
        raise KnownError("--valid-rows-only needs --rejected-to FILE, where the rows not imported are saved.")
    if args.rejected_to is not None and Path(args.rejected_to).resolve() == Path(args.file).resolve():
        raise KnownError("--rejected-to must not be the file being imported.")
    with ctx.open(args.database, args.user) as store:
        with store.read_session() as s:
            review_id = find_review_id(s, args.review)
            agency = find_agency(s, args.agency)
        preview = preview_import(store, review_id, agency.id, Path(args.file))
        if preview.problems and not args.valid_rows_only:
            for problem in preview.problems:
                print(problem.line(), file=ctx.err)
            raise ImportRefused(preview.problems, len(preview.rejected))
        try:
            result = commit_import(store, preview, valid_rows_only=args.valid_rows_only, replace=args.replace,
                                   rejected_file=args.rejected_to)
        except ReplaceNeeded as error:
            raise KnownError(error.message + " Run again with --replace to replace them.") from None
    ctx.say(result.summary(agency.name, preview.review.reference))
    if preview.outside_period:
        ctx.say(f"{preview.outside_period:,} of them are dated outside the period under review (kept, and flagged).")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-chronology", help="import an agency's chronology (.xlsx or .csv) into a review",
        description="Import an agency's chronology into a review. Dates are read day first (UK). Every problem "
        "is printed as 'row N, column X (Heading): ...' and nothing is imported (exit 2) unless "
        "--valid-rows-only is given. Re-importing an agency's chronology needs --replace.")
    add_database_argument(p)
    add_user_argument(p)
    p.add_argument("--review", required=True, metavar="ID", help="the review's number or reference (MALR-2026-0003)")
    p.add_argument("--agency", required=True, metavar="NAME", help="the agency, as named in the agencies list")
    p.add_argument("file", metavar="FILE", type=Path, help="the chronology: .xlsx or .csv")
    p.add_argument("--replace", action="store_true", help="replace the agency's earlier import for this review")
    p.add_argument("--valid-rows-only", action="store_true",
                   help="import the valid rows and save the others to --rejected-to")
    p.add_argument("--rejected-to", metavar="FILE", type=Path, default=None,
                   help="where to save rejected rows (.xlsx or .csv) with their problems")
    p.set_defaults(run=_import)
