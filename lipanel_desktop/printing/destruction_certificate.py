"""The certificate of destruction: what was destroyed, under which retention rule, who
authorised it and who carried it out, and how — listed by reference and counted by kind,
never with any of the destroyed content (the certificate outlives the records)."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from lipanel_desktop.printing.styles import ACCENT, LABEL_FILL, RULE, ZEBRA, markup, para, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width
from lipanel_desktop.services.audit_log import to_local
from lipanel_desktop.services.documents.common import uk_datetime
from lipanel_desktop.services.retention import CertificateDocument


def _facts(doc: CertificateDocument, width: float) -> Table:
    s = styles()
    cert = doc.certificate
    rows = [
        ("Certificate number", cert.number),
        ("Database", doc.database_name),
        ("Destroyed on", uk_datetime(to_local(cert.destroyed_at))),
        ("Carried out by", cert.destroyed_by),
        ("Authorised by", cert.authorised_by),
        ("Cases destroyed", f"{len(cert.items):,}"),
    ]
    table = Table(
        [[Paragraph(markup(k), s.label), para(v, s.value)] for k, v in rows], colWidths=[width * 0.28, width * 0.72]
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _items(doc: CertificateDocument, width: float) -> Table:
    s = styles()
    head = [Paragraph(markup(h), s.cell_head) for h in ("Case", "Retention rule", "What was destroyed")]
    rows: list[list[Flowable]] = [head]
    for item in doc.certificate.items:
        rows.append([para(item.reference, s.cell_bold), para(item.rule, s.cell), para(item.summary or "—", s.cell)])
    table = Table(rows, colWidths=[width * 0.16, width * 0.4, width * 0.44], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *[("BACKGROUND", (0, i), (-1, i), ZEBRA) for i in range(2, len(rows), 2)],
            ]
        )
    )
    return table


def _method(doc: CertificateDocument) -> list[str]:
    cert = doc.certificate
    lines = [
        "Every record in each case was deleted from the encrypted database in one transaction, with "
        "SQLite's secure delete on, so the space they used was overwritten with zeros.",
    ]
    if cert.compacted is True:
        lines.append("The database file was then rebuilt (VACUUM), so no freed page of it remains.")
    elif cert.compacted is False:
        lines.append(
            "The database file could not be rebuilt afterwards (VACUUM); the freed space is already "
            "overwritten, and the rebuild should be run again from Administration."
        )
    lines.append(
        "The audit trail keeps its entries about these cases: they name records by number and never "
        "hold their content."
    )
    if doc.backup_folder_set:
        lines.append(
            f"Backups made before this date still hold these cases until they are deleted. Automatic "
            f"backups are kept {doc.backups_kept} at a time, so they leave the backup folder after "
            f"{doc.backups_kept} more backups; copies kept anywhere else must be deleted by hand."
        )
    else:
        lines.append("Backups made before this date still hold these cases until they are deleted by hand.")
    return lines


def render(doc: CertificateDocument, options: RenderOptions | None = None) -> bytes:
    s = styles()
    width = content_width()
    story: list[Flowable] = [
        Paragraph("Certificate of destruction", s.title),
        para(
            "This certifies that the case records listed below were destroyed at the end of their "
            "retention period. It lists them by reference only; nothing of their content is kept.",
            s.subtitle,
        ),
        _facts(doc, width),
        Spacer(1, 5 * mm),
        Paragraph("Cases destroyed", s.h1),
        _items(doc, width),
        Paragraph("How they were destroyed", s.h1),
        *[para(line, ParagraphStyle("method", parent=s.body, spaceAfter=4)) for line in _method(doc)],
        Spacer(1, 12 * mm),
        KeepTogether(
            [
                para("Signed (authorising officer): ______________________________    Date: ____________"),
                Spacer(1, 8 * mm),
                para("Signed (administrator): __________________________________    Date: ____________"),
            ]
        ),
    ]
    return build_pdf(story, doc.meta, options or RenderOptions())
