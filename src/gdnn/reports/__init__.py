"""Reports on a plan for a reporting unit and period: DOCX (ND 30/2020), XLSX, PDF, charts.

The generator (`generator.report_data`) picks every figure and sentence into plain dataclasses;
one writer per output format turns them into a file and never runs a query.
"""
