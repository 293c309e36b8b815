"""Shortcomings and proposals: the data's findings, then the agencies' reported paragraphs, which
stand in for the closing placeholder; without them, the placeholder asks the officer."""

import pytest

from gdnn.reports import findings

REPORTED = ["Sở Tài chính: Nguồn thu ngân sách giảm.", "Sở Nội vụ: Thiếu biên chế."]


@pytest.mark.parametrize("build", [lambda reported: findings.shortcomings([], [], reported),
                                   lambda reported: findings.proposals([], reported)])
def test_reported_paragraphs_follow_the_findings_and_replace_the_placeholder(build):
    alone = build([])
    assert alone[-1].text == "" and alone[-1].note.startswith(findings.ADD)
    with_reports = build(REPORTED)
    assert [f.text for f in with_reports[-2:]] == REPORTED
    assert with_reports[:-2] == alone[:-1]  # the data's own findings, unchanged and first
    assert all(f.text for f in with_reports) and not any(f.note.startswith(findings.ADD) for f in with_reports)
