"""The data of the monitoring reports, as plain dataclasses: the Reports page shows them
and `printing/` renders them to PDF. Nothing here imports Qt or ReportLab.

- `exception_report`: overdue and at-risk actions for the Quality Assurance Sub-group;
- `highlight_report`: a period's summary for the Board;
- `dissemination`: where each review's learning went;
- `dashboard_data`: the charts, as series any renderer can draw;
- `agency_plan`: everything one agency owes, for sending to it.
"""
