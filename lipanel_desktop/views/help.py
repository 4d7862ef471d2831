"""F1: a short built-in guide, readable without a network, at any text size."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from lipanel_desktop import __version__
from lipanel_desktop.settings import default_database_path, log_dir

GUIDE = """
<h2>LIPanel — a short guide</h2>
<p>LIPanel keeps the Learning and Improvement Panel's work in one encrypted file. Everything
you type stays in that file; nothing is sent anywhere.</p>

<h3>Moving around</h3>
<ul>
<li>The list on the left shows the sections your role allows: Referrals, Panel calendar,
Reviews, Chronology, Actions, Reports and Administration. <b>Alt+1</b> to <b>Alt+7</b> jump
to them; the <b>Go</b> menu lists them too.</li>
<li><b>Tab</b> moves between fields; every field has a label with an underlined letter:
hold <b>Alt</b> and press that letter to jump to it.</li>
</ul>

<h3>Referrals (Form A)</h3>
<ul>
<li><b>Ctrl+N</b> starts a new referral. The form has the sections of the paper Form A,
with the same words, and the reason for the request.</li>
<li>Dates are typed as <b>dd/mm/yyyy</b>, or chosen from the calendar button.</li>
<li>Your typing is kept as an encrypted draft a few seconds after you stop, so a power cut
loses almost nothing. <b>Ctrl+S</b> saves the referral. A referral can be saved
incomplete; <b>Submit</b> lists anything still missing.</li>
<li><b>Ctrl+Z</b> and <b>Ctrl+Y</b> undo and redo changes in the form.</li>
<li>The age is worked out from the date of birth, as at the date of death or critical
incident; type it only when the date of birth is not known.</li>
<li><b>Withdraw</b> asks for the reason, which is kept with the referral; a withdrawn
referral can be <b>Reopened</b> as a draft, with the same reference number.</li>
<li>The panel's conclusion, at the end of the form, is filled in by the panel when it
records its decision; Form A shows it to read.</li>
</ul>

<h3>The referral register</h3>
<ul>
<li><b>Ctrl+F</b> puts you in the search box: it finds names, "also known as" names,
household members and words in the summary as you type. <b>Down</b> or <b>Enter</b> moves
to the results; <b>Enter</b> on a row opens it.</li>
<li>Narrow the list by status, referring agency and referral dates (from / to); <b>Clear
filters</b> shows every referral again. Click a column heading to sort by it.</li>
<li><b>Ctrl+P</b> (or <b>Print…</b>) prints, previews or saves as PDF the selected
referral's Form A. Every print is recorded in the audit trail.</li>
</ul>

<h3>Keeping data safe</h3>
<ul>
<li><b>Ctrl+L</b> locks the window at once: everything on screen is cleared and the key is
dropped until your password is given. Unlocking returns you to where you were.</li>
<li>After several wrong passwords you must wait a little longer before each try.</li>
<li>Every change, and every time a child's record is opened, is written to the audit
trail.</li>
</ul>

<h3>Seeing the screen</h3>
<ul>
<li><b>Ctrl++</b> and <b>Ctrl+−</b> make all text larger or smaller (up to 200%);
<b>Ctrl+0</b> returns to normal. <b>View ▸ High contrast</b> shows white on black.</li>
<li>Status is always written in words, never shown by colour alone.</li>
</ul>
"""


def about_text() -> str:
    return (
        f"<h3>LIPanel Desktop {__version__}</h3>"
        "<p>Case reviews for a Local Safeguarding Children Board's Learning and Improvement Panel. "
        "Works offline; all records are kept in one encrypted file.</p>"
        f"<p>Default database: {default_database_path()}<br>"
        f"Error log (no record content): {log_dir()}</p>"
    )


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, html: str = GUIDE, title: str = "LIPanel guide") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setHtml(html)
        self.browser.setAccessibleName(title)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
