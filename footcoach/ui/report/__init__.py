"""The clinician report drawn by Qt: the PDF/print renderer (`pdf_renderer.py`: vectors
through QPainter, no display needed) and the File > Report dialog with its print preview
(`report_dialog.py`). The content is decided in `footcoach/clinician_report.py`."""
